use crate::{Error, Result, describe_revert};
use alloy::contract::{CallBuilder, CallDecoder};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionReceipt;

/// Reads a view function, turning a revert into an [`Error::Contract`] naming `what` and the
/// decoded custom error (e.g. an unknown round or video).
pub async fn read<P: Provider, D: CallDecoder>(what: &str, call: CallBuilder<P, D>) -> Result<D::CallOutput> {
    call.call().await.map_err(|e| Error::Contract { action: what.to_string(), reason: describe_revert(&e) })
}

/// Sends a contract call, waits for its receipt and turns a revert (at estimation or on chain) into
/// an [`Error::Contract`] naming `action` and the decoded custom error.
pub async fn send<P: Provider, D: CallDecoder>(action: &str, call: CallBuilder<P, D>) -> Result<TransactionReceipt> {
    let fail = |reason: String| Error::Contract { action: action.to_string(), reason };
    let pending = call.send().await.map_err(|e| fail(describe_revert(&e)))?;
    let receipt = pending.get_receipt().await.map_err(|e| fail(e.to_string()))?;
    if !receipt.status() {
        return Err(fail(format!("transaction {} reverted", receipt.transaction_hash)));
    }
    tracing::debug!(action, gas = receipt.gas_used, tx = %receipt.transaction_hash, "confirmed");
    Ok(receipt)
}
