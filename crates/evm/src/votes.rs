//! Signed votes (EIP-712, in VoteTally's domain) and casting them for their voters in batches:
//! what `flix vote sign`, `flix vote relay` and the vote relay service share.

use crate::{Error, Result, describe_revert};
use alloy::contract::{CallBuilder, CallDecoder};
use alloy::eips::BlockId;
use alloy::network::Ethereum;
use alloy::primitives::{Address, B256, Bytes, Signature, U256};
use alloy::providers::{DynProvider, PendingTransactionBuilder, Provider};
use alloy::rpc::types::TransactionReceipt;
use alloy::signers::SignerSync;
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::{Eip712Domain, SolStruct, eip712_domain};
use tfx_abi::evm::{IVoteTally, VoteTally};

/// The most votes one `voteBySigBatch` takes (VoteTally's `MAX_BATCH`).
pub const MAX_BATCH: usize = 200;

mod eip712 {
    alloy::sol! {
        /// The EIP-712 struct a voter signs; mirrors VoteTally.VOTE_TYPEHASH.
        struct Vote { uint256 roundId; uint32 candidate; address voter; uint256 nonce; uint256 deadline; }
    }
}

/// VoteTally's EIP-712 domain on `chain_id` at `vote_tally`.
pub fn domain(chain_id: u64, vote_tally: Address) -> Eip712Domain {
    eip712_domain! {
        name: "TensorFlix VoteTally",
        version: "1",
        chain_id: chain_id,
        verifying_contract: vote_tally,
    }
}

/// A signed vote as `flix vote sign` prints it, `flix vote relay` reads it and the vote relay
/// endpoint takes it. `nonce` is any of the voter's unused unordered nonces; `deadline` is a unix
/// time in seconds.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SignedVote {
    /// The chain the vote is for (part of the signed domain).
    pub chain_id: u64,
    /// The VoteTally it is for (part of the signed domain).
    pub vote_tally: Address,
    /// Round id.
    pub round: u64,
    /// Candidate index within the round.
    pub candidate: u32,
    /// The voter, who signed.
    pub voter: Address,
    /// The voter's nonce.
    pub nonce: u64,
    /// Last unix second the vote may be cast in.
    pub deadline: u64,
    /// 65-byte signature (r, s, v) over the EIP-712 digest.
    pub signature: Bytes,
}

impl SignedVote {
    /// `signer`'s vote for `candidate` of `round`, signed.
    pub fn sign(
        signer: &PrivateKeySigner,
        (chain_id, vote_tally): (u64, Address),
        (round, candidate): (u64, u32),
        nonce: u64,
        deadline: u64,
    ) -> Result<Self> {
        let mut vote = Self {
            chain_id,
            vote_tally,
            round,
            candidate,
            voter: signer.address(),
            nonce,
            deadline,
            signature: Bytes::new(),
        };
        let sig = signer.sign_hash_sync(&vote.digest()).map_err(|e| Error::Signer(e.to_string()))?;
        vote.signature = sig.as_bytes().to_vec().into();
        Ok(vote)
    }

    /// The EIP-712 digest the voter signs; it names the vote uniquely.
    pub fn digest(&self) -> B256 {
        let v = eip712::Vote {
            roundId: U256::from(self.round),
            candidate: self.candidate,
            voter: self.voter,
            nonce: U256::from(self.nonce),
            deadline: U256::from(self.deadline),
        };
        v.eip712_signing_hash(&domain(self.chain_id, self.vote_tally))
    }

    /// Whether the signature is the voter's, checked here before any node is asked. The contract
    /// also accepts ERC-1271 contract wallets, which only a simulation can check.
    pub fn signed_by_voter(&self) -> bool {
        Signature::try_from(self.signature.as_ref())
            .ok()
            .and_then(|s| s.recover_address_from_prehash(&self.digest()).ok())
            .is_some_and(|a| a == self.voter)
    }

    fn to_sol(&self) -> IVoteTally::SignedVote {
        IVoteTally::SignedVote {
            roundId: U256::from(self.round),
            candidate: self.candidate,
            voter: self.voter,
            nonce: U256::from(self.nonce),
            deadline: U256::from(self.deadline),
            signature: self.signature.clone(),
        }
    }
}

/// Why a vote cannot be cast.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Signed for another chain or VoteTally than this relay casts on.
    #[error("signed for chain {chain_id} at {vote_tally}, not this chain's VoteTally")]
    OtherDomain {
        /// The vote's chain.
        chain_id: u64,
        /// The vote's VoteTally.
        vote_tally: Address,
    },
    /// Its deadline has passed.
    #[error("expired: its deadline {deadline} has passed")]
    Expired {
        /// The vote's deadline.
        deadline: u64,
    },
    /// The signature does not recover to the voter.
    #[error("the signature is not {0}'s")]
    BadSignature(Address),
    /// The contract refuses it (decoded custom error, e.g. `VoteTallyNonceUsed`).
    #[error("{0}")]
    Contract(String),
}

/// What became of each vote of one transaction: `None` when it was cast, else why it was not.
pub type Outcomes = Vec<Option<Refusal>>;

/// Casts signed votes on one chain's VoteTally, paid by the provider's signer.
#[derive(Debug, Clone)]
pub struct VoteRelay {
    tally: VoteTally::VoteTallyInstance<DynProvider>,
    chain_id: u64,
}

impl VoteRelay {
    /// A relay over `tally` on `chain_id` (the provider carries the paying key).
    pub fn new(tally: VoteTally::VoteTallyInstance<DynProvider>, chain_id: u64) -> Self {
        Self { tally, chain_id }
    }

    /// The VoteTally this relay casts on.
    pub fn vote_tally(&self) -> Address {
        *self.tally.address()
    }

    /// Checks `vote` as the contract will: its domain, its signature, its deadline against
    /// `now`, and a simulated `voteBySig` (round open, candidate known, nonce unused, not voted).
    /// `Err` is a transport failure, not a verdict on the vote.
    pub async fn check(&self, vote: &SignedVote, now: u64) -> Result<Option<Refusal>> {
        if vote.chain_id != self.chain_id || vote.vote_tally != self.vote_tally() {
            return Ok(Some(Refusal::OtherDomain { chain_id: vote.chain_id, vote_tally: vote.vote_tally }));
        }
        if vote.deadline < now {
            return Ok(Some(Refusal::Expired { deadline: vote.deadline }));
        }
        if !vote.signed_by_voter() && self.tally.provider().get_code_at(vote.voter).await.map_err(rpc)?.is_empty() {
            return Ok(Some(Refusal::BadSignature(vote.voter)));
        }
        match self.tally.voteBySig(vote.to_sol()).block(BlockId::pending()).call().await {
            Ok(_) => Ok(None),
            Err(e) if e.as_revert_data().is_some() => Ok(Some(Refusal::Contract(describe_revert(&e)))),
            Err(e) => Err(rpc(e)),
        }
    }

    /// Sends one transaction casting `votes` (at most [`MAX_BATCH`], checked beforehand): a lone
    /// vote as `voteBySig`, which skips the batch loop's overhead, more as `voteBySigBatch`, which
    /// skips an entry cast meanwhile (front-run) instead of reverting. Returns the pending
    /// transaction, or for a lone vote that now reverts, why.
    pub async fn send(&self, votes: &[SignedVote]) -> Result<Result<PendingTransactionBuilder<Ethereum>, Refusal>> {
        assert!(!votes.is_empty() && votes.len() <= MAX_BATCH, "1 to {MAX_BATCH} votes per transaction");
        match votes {
            [one] => submit(self.tally.voteBySig(one.to_sol())).await,
            _ => submit(self.tally.voteBySigBatch(votes.iter().map(SignedVote::to_sol).collect())).await,
        }
    }

    /// What became of each of the `votes` a mined transaction of [`Self::send`] carried.
    pub fn outcomes(votes: &[SignedVote], receipt: &TransactionReceipt) -> Outcomes {
        let mut out: Outcomes = vec![None; votes.len()];
        if !receipt.status() {
            let reason = Refusal::Contract(format!("transaction {} reverted", receipt.transaction_hash));
            return vec![Some(reason); votes.len()];
        }
        for log in receipt.inner.logs() {
            if let Ok(skipped) = log.log_decode::<VoteTally::SignedVoteRejected>() {
                let e = &skipped.inner.data;
                let reason = crate::decode_revert_data(&e.reason).unwrap_or_else(|| e.reason.to_string());
                if let Some(slot) = usize::try_from(e.index).ok().and_then(|i| out.get_mut(i)) {
                    *slot = Some(Refusal::Contract(reason));
                }
            }
        }
        out
    }

    /// Checks every vote, casts the ones that pass in transactions of `batch` votes, waits for
    /// them, and returns each vote's outcome with the receipts, in order: `flix vote relay`.
    pub async fn relay(
        &self,
        votes: &[SignedVote],
        batch: usize,
        now: u64,
    ) -> Result<(Outcomes, Vec<TransactionReceipt>)> {
        let mut out: Outcomes = Vec::with_capacity(votes.len());
        let mut castable = Vec::new();
        for (i, v) in votes.iter().enumerate() {
            let refusal = self.check(v, now).await?;
            if refusal.is_none() {
                castable.push(i);
            }
            out.push(refusal);
        }
        let mut receipts = Vec::new();
        for chunk in castable.chunks(batch.clamp(1, MAX_BATCH)) {
            let sent: Vec<SignedVote> = chunk.iter().map(|&i| votes[i].clone()).collect();
            let outcomes = match self.send(&sent).await? {
                Ok(pending) => {
                    let receipt = pending.get_receipt().await.map_err(rpc)?;
                    let outcomes = Self::outcomes(&sent, &receipt);
                    receipts.push(receipt);
                    outcomes
                }
                Err(refusal) => vec![Some(refusal)],
            };
            for (&i, outcome) in chunk.iter().zip(outcomes) {
                out[i] = outcome;
            }
        }
        Ok((out, receipts))
    }
}

fn rpc(e: impl std::fmt::Display) -> Error {
    Error::Transport(e.to_string())
}

/// Estimates in the pending block and sends with a quarter more gas, as [`crate::send`] does; a
/// revert at estimation is a [`Refusal`], anything else a transport error.
async fn submit<D: CallDecoder>(
    call: CallBuilder<&DynProvider, D>,
) -> Result<Result<PendingTransactionBuilder<Ethereum>, Refusal>> {
    let call = call.block(BlockId::pending());
    let estimate = match call.estimate_gas().await {
        Ok(gas) => gas,
        Err(e) if e.as_revert_data().is_some() => return Ok(Err(Refusal::Contract(describe_revert(&e)))),
        Err(e) => return Err(rpc(e)),
    };
    Ok(Ok(call.gas(crate::tx::with_margin(estimate)).send().await.map_err(rpc)?))
}
