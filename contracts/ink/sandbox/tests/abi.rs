//! The ink! suite answers the Solidity suite's ABI: a dApp, `flix` or the deployer written against
//! abi/evm drives the ink! contracts unchanged. Every function, event and error of each Solidity
//! contract has the same selector (topic 0) in the ink! contract's ABI, except the differences
//! listed here, each a documented platform choice (see the contracts' doc comments).

use alloy_json_abi::JsonAbi;
use std::collections::BTreeSet;
use std::path::Path;

/// Solidity items the ink! suite does not have, and why.
const NOT_PORTED: &[(&str, &str)] = &[
    // One admin per ink! contract instead of OpenZeppelin AccessControl's role registry.
    ("*", "DEFAULT_ADMIN_ROLE()"),
    ("*", "PAUSER_ROLE()"),
    ("*", "getRoleAdmin(bytes32)"),
    ("*", "grantRole(bytes32,address)"),
    ("*", "hasRole(bytes32,address)"),
    ("*", "renounceRole(bytes32,address)"),
    ("*", "revokeRole(bytes32,address)"),
    ("*", "RoleAdminChanged(bytes32,bytes32,bytes32)"),
    ("*", "RoleGranted(bytes32,address,address)"),
    ("*", "RoleRevoked(bytes32,address,address)"),
    ("*", "AccessControlBadConfirmation()"),
    ("MinerCollateral", "DISPUTE_RESOLVER_ROLE()"),
    // ink! keeps one freezer account, set by `setFreezer`, where Solidity grants this role.
    ("MinerCollateral", "FREEZER_ROLE()"),
    ("MinerCollateral", "VALIDATOR_MANAGER_ROLE()"),
    ("VoteTally", "ORGANIZER_ROLE()"),
    ("VideoNft", "REGISTRAR_ROLE()"),
    ("Mailbox", "GOVERNOR_ROLE()"),
    ("StudioRouter", "GOVERNOR_ROLE()"),
    // OpenZeppelin library internals that cannot occur in the ink! code paths (ink! encodes the
    // domain name itself, moves native value without Address.sendValue, keeps nonces in VoteTally).
    ("*", "ReentrancyGuardReentrantCall()"),
    ("*", "SafeERC20FailedOperation(address)"),
    ("*", "FailedCall()"),
    ("*", "InsufficientBalance(uint256,uint256)"),
    ("VoteTally", "InvalidShortString()"),
    ("VoteTally", "StringTooLong(string)"),
    ("Mailbox", "InvalidShortString()"),
    ("Mailbox", "StringTooLong(string)"),
    ("VideoNft", "ERC721InvalidSender(address)"),
    ("VideoShares", "ERC1155InvalidApprover(address)"),
    // The Solidity contract packs a video's cumulative revenue into 128 bits (SafeCast); the ink!
    // port keeps a U256, whose overflow is `Panic(0x11)`.
    ("AdRevenue", "SafeCastOverflowedUintDowncast(uint8,uint256)"),
    // Compile-time constants: Solidity exposes them as getters, ink! keeps them in the code.
    ("VideoNft", "MAX_BATCH()"),
    ("VideoNft", "MAX_PLAYBACK_ID_LENGTH()"),
    ("VideoNft", "MAX_ROYALTY_BPS()"),
    ("VideoNft", "MAX_COMMIT_AGE_BOUND()"),
    ("AdRevenue", "MAX_ACTIVE_CAMPAIGNS()"),
    ("MinerCollateral", "MAX_DURATION()"),
    ("MinerCollateral", "MAX_VALIDATORS()"),
    ("VideoShares", "MAX_SUPPLY()"),
    ("VoteTally", "MAX_BATCH()"),
    ("VoteTally", "MAX_CANDIDATES()"),
    ("VoteTally", "NO_WINNER()"),
    ("VoteTally", "VOTE_TYPEHASH()"),
    // ERC-165 introspection: only VideoNft answers it (the interface ids marketplaces ask an
    // ERC-721 for). The EIP-712 domain never changes.
    ("VoteTally", "EIP712DomainChanged()"),
    ("Mailbox", "EIP712DomainChanged()"),
    ("VideoShares", "supportsInterface(bytes4)"),
    ("VoteTally", "supportsInterface(bytes4)"),
    ("AdRevenue", "supportsInterface(bytes4)"),
    ("MinerCollateral", "supportsInterface(bytes4)"),
    ("Mailbox", "supportsInterface(bytes4)"),
    ("StudioRouter", "supportsInterface(bytes4)"),
    ("VideoShares", "URI(string,uint256)"),
    // ink! rejects two messages of one name: only the `bytes data` overload exists.
    ("VideoNft", "safeTransferFrom(address,address,uint256)"),
    // No stake token on Polkadot Hub yet: stake-weighted rounds are refused.
    ("VoteTally", "stakeToken()"),
    ("VoteTally", "VoteTallyNoWeight(uint256,address)"),
];

fn abi(path: &str) -> JsonAbi {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let items = value.get("abi").cloned().unwrap_or(value);
    serde_json::from_value(items).expect("an ABI")
}

/// Every selector-bearing item as `kind name(types)`.
fn items(abi: &JsonAbi) -> BTreeSet<String> {
    let functions = abi.functions().map(|f| format!("function {}", f.signature()));
    let events = abi.events().map(|e| format!("event {}", e.signature()));
    let errors = abi.errors().map(|e| format!("error {}", e.signature()));
    functions.chain(events).chain(errors).collect()
}

/// Items of the Solidity contract's ABI that the ink! contract's ABI lacks, beyond [`NOT_PORTED`].
fn missing(contract: &str, ink_name: &str) -> Vec<String> {
    let ink = items(&abi(&format!("abi/ink/{ink_name}.abi")));
    items(&abi(&format!("abi/evm/{contract}.json")))
        .into_iter()
        .filter(|item| !ink.contains(item))
        .filter(|item| {
            let sig = item.split_once(' ').map_or(item.as_str(), |(_, s)| s);
            !NOT_PORTED.iter().any(|(c, s)| (*c == "*" || *c == contract) && *s == sig)
        })
        .collect()
}

#[test]
fn every_contract_answers_the_solidity_abi() {
    for (contract, ink_name) in [
        ("VideoNft", "video_nft"),
        ("VideoShares", "video_shares"),
        ("VoteTally", "vote_tally"),
        ("AdRevenue", "ad_revenue"),
        ("MinerCollateral", "miner_collateral"),
        ("Mailbox", "mailbox"),
        ("StudioRouter", "studio_router"),
    ] {
        let gaps = missing(contract, ink_name);
        assert!(gaps.is_empty(), "{contract}: {gaps:#?}");
    }
}
