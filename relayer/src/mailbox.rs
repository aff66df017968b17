//! A destination chain's Mailbox, as both agents use it: its attester set, whether a message is
//! delivered, and (for the relayer) simulating and submitting a delivery. One implementation per
//! chain family; [`EvmMailbox`] serves the EVM chains and Polkadot Hub's Ethereum RPC.

use crate::attestation::Domain;
use alloy::network::EthereumWallet;
use alloy::primitives::{Address, B256, Bytes};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use std::future::Future;
use std::time::Duration;
use tfx_abi::evm::Mailbox as MailboxAbi;

/// How long one RPC call may take.
const RPC_TIMEOUT: Duration = Duration::from_secs(10);

/// The attesters a Mailbox trusts now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttesterSet {
    /// Set version (signatures name it).
    pub version: u64,
    /// Members.
    pub members: Vec<Address>,
    /// Signatures a delivery needs.
    pub threshold: usize,
}

/// Why the destination did not take a delivery.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// The node failed or timed out: ask again.
    #[error("rpc: {0}")]
    Rpc(String),
    /// Already delivered (by this relayer before a crash, or by anyone): done.
    #[error("already delivered")]
    AlreadyDelivered,
    /// The signatures no longer count (the set rotated) or are too few: gather again.
    #[error("signatures refused: {0}")]
    Signatures(String),
    /// The recipient refused it for now (a freeze rate limit): try again later.
    #[error("refused for now: {0}")]
    Later(String),
    /// It can never be delivered here (another destination, an unenrolled sender).
    #[error("refused: {0}")]
    Permanent(String),
}

impl DeliveryError {
    /// Sorts a decoded revert (`MailboxWrongSetVersion { .. }`) by what the relayer does next.
    fn from_revert(reason: String) -> Self {
        let name = reason.split([' ', '(', '{']).next().unwrap_or_default();
        match name {
            "MailboxAlreadyDelivered" => Self::AlreadyDelivered,
            "MailboxWrongSetVersion"
            | "MailboxNotEnoughSignatures"
            | "MailboxInvalidSignature"
            | "MailboxSignersNotAscending" => Self::Signatures(reason),
            "MailboxMalformed"
            | "MailboxWrongDestination"
            | "MailboxUnknownSender"
            | "MailboxUnknownType"
            | "StudioRouterMalformedBody"
            | "StudioRouterWrongHome" => Self::Permanent(reason),
            _ => Self::Later(reason),
        }
    }
}

/// A submitted delivery transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Submitted {
    /// Its hash.
    pub tx: B256,
    /// The sender's nonce it used (a fee bump replaces it at the same nonce).
    pub nonce: u64,
}

/// A mined delivery transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inclusion {
    /// Block it was mined in.
    pub block: u64,
    /// The receipt's gas used (intrinsic and calldata included).
    pub gas_used: u64,
    /// Whether it succeeded.
    pub success: bool,
}

/// A destination Mailbox.
pub trait Mailbox: Send + Sync + 'static {
    /// Where its signatures count.
    fn domain(&self) -> Domain;
    /// The current attester set.
    fn attester_set(&self) -> impl Future<Output = Result<AttesterSet, DeliveryError>> + Send;
    /// Whether message `id` was delivered.
    fn delivered(&self, id: B256) -> impl Future<Output = Result<bool, DeliveryError>> + Send;
    /// Runs the delivery without sending it.
    fn simulate(
        &self,
        message: &[u8],
        version: u64,
        signatures: &[Vec<u8>],
    ) -> impl Future<Output = Result<(), DeliveryError>> + Send;
    /// Sends the delivery, at `nonce` when it replaces an earlier transaction, with fees raised by
    /// a quarter per `bump`.
    fn submit(
        &self,
        message: &[u8],
        version: u64,
        signatures: &[Vec<u8>],
        nonce: Option<u64>,
        bump: u32,
    ) -> impl Future<Output = Result<Submitted, DeliveryError>> + Send;
    /// The transaction's inclusion, once mined.
    fn inclusion(&self, tx: B256) -> impl Future<Output = Result<Option<Inclusion>, DeliveryError>> + Send;
}

/// A Mailbox behind an Ethereum JSON-RPC.
#[derive(Debug, Clone)]
pub struct EvmMailbox {
    contract: MailboxAbi::MailboxInstance<DynProvider>,
    domain: Domain,
    sender: Option<Address>,
}

async fn timed<T, E: std::fmt::Display>(f: impl Future<Output = Result<T, E>>) -> Result<T, DeliveryError> {
    match tokio::time::timeout(RPC_TIMEOUT, f).await {
        Ok(r) => r.map_err(|e| DeliveryError::Rpc(e.to_string())),
        Err(_) => Err(DeliveryError::Rpc(format!("no answer within {RPC_TIMEOUT:?}"))),
    }
}

fn call_error(e: &alloy::contract::Error) -> DeliveryError {
    match e.as_revert_data() {
        Some(_) => DeliveryError::from_revert(tfx_evm::describe_revert(e)),
        None => DeliveryError::Rpc(e.to_string()),
    }
}

impl EvmMailbox {
    /// The Mailbox at `mailbox` on `rpc_url` (chain `chain_id`, checked), sending with `signer`
    /// when given (the relayer; attesters only read).
    pub async fn connect(
        rpc_url: &str,
        chain_id: u64,
        mailbox: Address,
        signer: Option<PrivateKeySigner>,
    ) -> Result<Self, DeliveryError> {
        let url: reqwest::Url =
            rpc_url.parse().map_err(|e| DeliveryError::Permanent(format!("RPC URL {rpc_url:?}: {e}")))?;
        let sender = signer.as_ref().map(PrivateKeySigner::address);
        let provider = match signer {
            Some(s) => ProviderBuilder::new().wallet(EthereumWallet::from(s)).connect_http(url).erased(),
            None => ProviderBuilder::new().connect_http(url).erased(),
        };
        let actual = timed(provider.get_chain_id()).await?;
        if actual != chain_id {
            return Err(DeliveryError::Permanent(format!("{rpc_url} serves chain id {actual}, expected {chain_id}")));
        }
        Ok(Self { contract: MailboxAbi::new(mailbox, provider), domain: Domain { chain_id, mailbox }, sender })
    }

    fn deliver_call(
        &self,
        message: &[u8],
        version: u64,
        signatures: &[Vec<u8>],
    ) -> alloy::contract::SolCallBuilder<&DynProvider, MailboxAbi::deliverCall> {
        let sigs: Vec<Bytes> = signatures.iter().map(|s| Bytes::copy_from_slice(s)).collect();
        self.contract.deliver(Bytes::copy_from_slice(message), version, sigs)
    }
}

impl Mailbox for EvmMailbox {
    fn domain(&self) -> Domain {
        self.domain
    }

    async fn attester_set(&self) -> Result<AttesterSet, DeliveryError> {
        let version = timed(self.contract.setVersion().call().into_future()).await?;
        let members = timed(self.contract.attesters().call().into_future()).await?;
        let threshold = timed(self.contract.threshold().call().into_future()).await?;
        Ok(AttesterSet { version, members, threshold: usize::from(threshold) })
    }

    async fn delivered(&self, id: B256) -> Result<bool, DeliveryError> {
        timed(self.contract.delivered(id).call().into_future()).await
    }

    async fn simulate(&self, message: &[u8], version: u64, signatures: &[Vec<u8>]) -> Result<(), DeliveryError> {
        let call = self.deliver_call(message, version, signatures);
        let call = match self.sender {
            Some(from) => call.from(from),
            None => call,
        };
        match tokio::time::timeout(RPC_TIMEOUT, call.call()).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(call_error(&e)),
            Err(_) => Err(DeliveryError::Rpc("simulation timed out".into())),
        }
    }

    async fn submit(
        &self,
        message: &[u8],
        version: u64,
        signatures: &[Vec<u8>],
        nonce: Option<u64>,
        bump: u32,
    ) -> Result<Submitted, DeliveryError> {
        let provider = self.contract.provider();
        let from = self.sender.ok_or_else(|| DeliveryError::Permanent("no relayer key".into()))?;
        let nonce = match nonce {
            Some(n) => n,
            None => timed(provider.get_transaction_count(from).pending().into_future()).await?,
        };
        let fees = timed(provider.estimate_eip1559_fees()).await?;
        let factor = 100 + 25 * u128::from(bump);
        let call = self
            .deliver_call(message, version, signatures)
            .nonce(nonce)
            .max_fee_per_gas(fees.max_fee_per_gas * factor / 100)
            .max_priority_fee_per_gas(fees.max_priority_fee_per_gas * factor / 100);
        match tokio::time::timeout(RPC_TIMEOUT, call.send()).await {
            Ok(Ok(pending)) => Ok(Submitted { tx: *pending.tx_hash(), nonce }),
            Ok(Err(e)) => Err(call_error(&e)),
            Err(_) => Err(DeliveryError::Rpc("sending timed out".into())),
        }
    }

    async fn inclusion(&self, tx: B256) -> Result<Option<Inclusion>, DeliveryError> {
        let receipt = timed(self.contract.provider().get_transaction_receipt(tx)).await?;
        Ok(receipt.map(|r| Inclusion {
            block: r.block_number.unwrap_or_default(),
            gas_used: r.gas_used,
            success: r.status(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverts_sort_into_what_to_do_next() {
        let of = |s: &str| DeliveryError::from_revert(s.to_string());
        assert_eq!(of("MailboxAlreadyDelivered { id: 0x01 }"), DeliveryError::AlreadyDelivered);
        assert!(matches!(of("MailboxWrongSetVersion { signed: 1, current: 2 }"), DeliveryError::Signatures(_)));
        assert!(matches!(of("MailboxUnknownSender { origin: 1, sender: 0x00 }"), DeliveryError::Permanent(_)));
        assert!(matches!(of("StudioRouterFreezeRateLimited { origin: 1, period: 9 }"), DeliveryError::Later(_)));
    }
}
