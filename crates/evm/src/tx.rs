use crate::{Error, Result, describe_revert};
use alloy::contract::{CallBuilder, CallDecoder};
use alloy::eips::BlockId;
use alloy::providers::Provider;
use alloy::rpc::types::TransactionReceipt;

/// Reads a view function, turning a revert into an [`Error::Contract`] naming `what` and the
/// decoded custom error (e.g. an unknown round or video).
pub async fn read<P: Provider, D: CallDecoder>(what: &str, call: CallBuilder<P, D>) -> Result<D::CallOutput> {
    call.call().await.map_err(|e| Error::Contract { action: what.to_string(), reason: describe_revert(&e) })
}

/// Sends a contract call, waits for its receipt and turns a revert (at estimation or on chain) into
/// an [`Error::Contract`] naming `action` and the decoded custom error.
///
/// The gas limit is the estimate plus a quarter: a node's estimate is the least gas that succeeds
/// in the pending block, and the block the transaction lands in may take a costlier path (a
/// timestamp a second later clamps a round's start, say), which at the bare estimate runs out of
/// gas and reverts without a reason. Foundry's scripts add 30% for the same reason.
pub async fn send<P: Provider, D: CallDecoder>(action: &str, call: CallBuilder<P, D>) -> Result<TransactionReceipt> {
    let fail = |reason: String| Error::Contract { action: action.to_string(), reason };
    // Estimated in the pending block, as a wallet does: the latest block's clock may stand still
    // on a chain that mines on demand.
    let call = call.block(BlockId::pending());
    let estimate = call.estimate_gas().await.map_err(|e| fail(describe_revert(&e)))?;
    let pending = call.gas(with_margin(estimate)).send().await.map_err(|e| fail(describe_revert(&e)))?;
    let receipt = pending.get_receipt().await.map_err(|e| fail(e.to_string()))?;
    if !receipt.status() {
        return Err(fail(format!("transaction {} reverted", receipt.transaction_hash)));
    }
    tracing::debug!(action, gas = receipt.gas_used, tx = %receipt.transaction_hash, "confirmed");
    Ok(receipt)
}

/// A gas estimate plus a quarter (see [`send`]).
pub(crate) fn with_margin(estimate: u64) -> u64 {
    estimate.saturating_add(estimate / 4)
}
