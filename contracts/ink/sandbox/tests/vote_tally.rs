//! VoteTally's artifact on pallet-revive: a voter's EIP-712 signature, made off-chain with the
//! secp256k1 key an Ethereum wallet holds, counted when a relayer submits it.

use alloy_primitives::aliases::U40;
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolConstructor, SolEvent};
use tfx_ink_sandbox::abi::{VoteTally, evm};
use tfx_ink_sandbox::suite::Voter;
use tfx_ink_sandbox::{Chain, DEVNET_CHAIN_ID as CHAIN_ID};

/// `voteBySig` of the voter's first vote, encoded with the Solidity contract's ABI.
fn relayed(
    round: U256,
    candidate: u32,
    voter: Address,
    deadline: U256,
    signature: Vec<u8>,
) -> evm::VoteTally::voteBySigCall {
    let v = evm::IVoteTally::SignedVote {
        roundId: round,
        candidate,
        voter,
        nonce: U256::ZERO,
        deadline,
        signature: signature.into(),
    };
    evm::VoteTally::voteBySigCall { v }
}

fn setup() -> (Chain, Address, U256) {
    let mut chain = Chain::new();
    let organizer = Chain::account(0);
    let args = VoteTally::constructorCall {}.abi_encode();
    let tally = chain.deploy(organizer, Chain::artifact("vote_tally"), args, U256::ZERO).expect("instantiate");
    let start = chain.now();
    let create = VoteTally::createRoundCall {
        candidate_ids: (1..=3).map(B256::repeat_byte).collect(),
        start: U40::from(start),
        end: U40::from(start + 100),
        mode: 0,
    };
    let round = chain.send(organizer, tally, &create).expect("createRound");
    (chain, tally, round)
}

#[test]
fn a_relayed_signed_vote_counts_once() {
    let (mut chain, tally, round) = setup();
    let voter = Voter::new(7);
    let relayer = Chain::account(5);
    let deadline = U256::from(chain.now() + 60);
    let signature = voter.sign(CHAIN_ID, tally, round, 2, U256::ZERO, deadline);
    let digest =
        VoteTally::voteDigestCall { round_id: round, candidate: 2, voter: voter.address, nonce: U256::ZERO, deadline };
    let vote = relayed(round, 2, voter.address, deadline, signature.clone());
    assert_eq!(
        chain.view(tally, &digest),
        voter.digest(CHAIN_ID, tally, round, 2, U256::ZERO, deadline),
        "the contract's EIP-712 digest"
    );
    chain.take_logs();
    chain.transact(relayer, tally, &vote).expect("relayed vote");

    let cast = chain.take_logs().iter().find_map(|l| evm::VoteTally::VoteCast::decode_log(l).ok()).expect("VoteCast");
    assert_eq!((cast.roundId, cast.voter, cast.candidate, cast.weight), (round, voter.address, 2, U256::ONE));
    assert!(chain.view(tally, &VoteTally::hasVotedCall { round_id: round, voter: voter.address }));
    assert_eq!(chain.view(tally, &VoteTally::talliesCall { round_id: round }), [U256::ZERO, U256::ZERO, U256::ONE]);

    let replay = chain.transact(relayer, tally, &vote).expect_err("replayed");
    assert_eq!(
        replay.decode::<evm::VoteTally::VoteTallyErrors>(),
        Some(evm::VoteTally::VoteTallyErrors::VoteTallyAlreadyVoted(evm::VoteTally::VoteTallyAlreadyVoted {
            roundId: round,
            voter: voter.address
        })),
        "the round's one vote is spent"
    );
}

#[test]
fn a_forged_or_expired_signature_is_refused() {
    let (mut chain, tally, round) = setup();
    let voter = Voter::new(7);
    let impostor = Voter::new(8);
    let deadline = U256::from(chain.now() + 60);
    let forged =
        relayed(round, 1, voter.address, deadline, impostor.sign(CHAIN_ID, tally, round, 1, U256::ZERO, deadline));
    let err = chain.transact(Chain::account(5), tally, &forged).expect_err("forged");
    assert_eq!(
        err.decode::<VoteTally::VoteTallyErrors>(),
        Some(VoteTally::VoteTallyErrors::VoteTallyInvalidSignature(VoteTally::VoteTallyInvalidSignature(
            voter.address
        )))
    );

    let honest = voter.sign(CHAIN_ID, tally, round, 1, U256::ZERO, deadline);
    chain.warp(61);
    let late = relayed(round, 1, voter.address, deadline, honest);
    let err = chain.transact(Chain::account(5), tally, &late).expect_err("expired");
    assert_eq!(
        err.decode::<evm::VoteTally::VoteTallyErrors>(),
        Some(evm::VoteTally::VoteTallyErrors::VoteTallySignatureExpired(evm::VoteTally::VoteTallySignatureExpired {
            deadline
        }))
    );
    assert!(!chain.view(tally, &VoteTally::hasVotedCall { round_id: round, voter: voter.address }));
}

#[test]
fn the_round_closes_on_the_block_clock_and_finalizes() {
    let (mut chain, tally, round) = setup();
    chain.transact(Chain::account(1), tally, &VoteTally::voteCall { round_id: round, candidate: 0 }).expect("vote");
    chain.warp(99);
    let finalize = VoteTally::finalizeCall { round_id: round };
    let end = chain.now() + 1;
    let err = chain.transact(Chain::account(0), tally, &finalize).expect_err("still open at end - 1");
    assert_eq!(
        err.decode::<evm::VoteTally::VoteTallyErrors>(),
        Some(evm::VoteTally::VoteTallyErrors::VoteTallyNotEnded(evm::VoteTally::VoteTallyNotEnded {
            roundId: round,
            end
        }))
    );
    chain.warp(1);
    let err = chain.transact(Chain::account(2), tally, &VoteTally::voteCall { round_id: round, candidate: 1 });
    assert_eq!(
        err.expect_err("closed at end (exclusive)").decode::<evm::VoteTally::VoteTallyErrors>(),
        Some(evm::VoteTally::VoteTallyErrors::VoteTallyEnded(evm::VoteTally::VoteTallyEnded { roundId: round, end }))
    );
    assert_eq!(chain.send(Chain::account(0), tally, &finalize), Ok(0), "candidate 0 wins");
}
