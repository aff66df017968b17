//! The ink! contracts' event vectors (`abi/ink/vectors/`) against the Solidity bindings and the
//! catalog's decoder: the ink! suite's logs are the Solidity suite's, byte for byte, and decode to
//! the same rows.

#[cfg(test)]
mod tests {
    use crate::catalog::{ContractKind, catalog};
    use crate::rows::{LogMeta, Rows};
    use alloy::primitives::aliases::U40;
    use alloy::primitives::{Address, Log as PrimitiveLog, U256};
    use alloy::primitives::{B256, Bytes, IntoLogData, LogData};
    use alloy::sol_types::SolEvent;
    use alloy::sol_types::SolEventInterface;
    use serde_json::Value;
    use std::str::FromStr;
    use tfx_abi::evm::IMinerCollateral;
    use tfx_abi::evm::MinerCollateral::{
        CollateralDeposited, ParamsSet, SlashApproved, SlashExecuted, SlashProposed, TreasurySet, ValidatorAdded,
    };
    use tfx_abi::evm::VideoNft::{MintCommitted, Transfer, VideoMinted, VideoReserved};
    use tfx_abi::evm::VoteTally::{RoundCreated, RoundFinalized, VoteCast};
    use tfx_abi::evm::{AdRevenue, VideoShares};

    fn u(v: &Value) -> U256 {
        U256::from_str(v.as_str().unwrap_or_default()).unwrap_or_default()
    }

    fn n(v: &Value) -> u64 {
        v.as_u64().unwrap_or_default()
    }

    fn addr(v: &Value) -> Address {
        Address::from_str(v.as_str().unwrap_or_default()).unwrap_or_default()
    }

    /// The Solidity VoteTally's encoding of the event a vector describes.
    fn solidity(v: &Value) -> LogData {
        match v["event"].as_str() {
            Some("RoundCreated") => RoundCreated {
                roundId: u(&v["roundId"]),
                organizer: addr(&v["organizer"]),
                start: U40::from(n(&v["start"])),
                end: U40::from(n(&v["end"])),
                mode: n(&v["mode"]) as u8,
                candidates: v["candidates"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| B256::from_str(c.as_str().unwrap_or_default()).unwrap_or_default())
                    .collect(),
            }
            .encode_log_data(),
            Some("VoteCast") => VoteCast {
                roundId: u(&v["roundId"]),
                voter: addr(&v["voter"]),
                candidate: n(&v["candidate"]) as u32,
                weight: u(&v["weight"]),
            }
            .encode_log_data(),
            Some("RoundFinalized") => RoundFinalized {
                roundId: u(&v["roundId"]),
                winner: n(&v["winner"]) as u32,
                winningTally: u(&v["winningTally"]),
                totalWeight: u(&v["totalWeight"]),
                tied: v["tied"].as_bool().unwrap_or_default(),
            }
            .encode_log_data(),
            Some("Transfer") => {
                Transfer { from: addr(&v["from"]), to: addr(&v["to"]), tokenId: u(&v["tokenId"]) }.encode_log_data()
            }
            Some("VideoMinted") => VideoMinted {
                videoId: u(&v["videoId"]),
                creator: addr(&v["creator"]),
                contentHash: B256::from_str(v["contentHash"].as_str().unwrap_or_default()).unwrap_or_default(),
                playbackId: v["playbackId"].as_str().unwrap_or_default().to_string(),
                royaltyBps: n(&v["royaltyBps"]) as u16,
            }
            .encode_log_data(),
            Some("TreasurySet") => TreasurySet { treasury: addr(&v["treasury"]) }.encode_log_data(),
            Some("MintCommitted") => MintCommitted {
                commitment: B256::from_str(v["commitment"].as_str().unwrap_or_default()).unwrap_or_default(),
                committer: addr(&v["committer"]),
                committedAt: U40::from(n(&v["committedAt"])),
            }
            .encode_log_data(),
            Some("VideoReserved") => {
                VideoReserved { videoId: u(&v["videoId"]), creator: addr(&v["creator"]) }.encode_log_data()
            }
            Some("ParamsSet") => ParamsSet {
                params: IMinerCollateral::Params {
                    unbondingPeriod: U40::from(n(&v["unbondingPeriod"])),
                    disputeWindow: U40::from(n(&v["disputeWindow"])),
                    proposalTtl: U40::from(n(&v["proposalTtl"])),
                    slashCapPeriod: U40::from(n(&v["slashCapPeriod"])),
                    slashCapPerPeriod: u128::from_str(v["slashCapPerPeriod"].as_str().unwrap_or_default())
                        .unwrap_or_default(),
                    approvalThreshold: n(&v["approvalThreshold"]) as u16,
                    stakeWarmup: U40::from(n(&v["stakeWarmup"])),
                },
            }
            .encode_log_data(),
            Some("ValidatorAdded") => ValidatorAdded { validator: addr(&v["validator"]) }.encode_log_data(),
            Some("CollateralDeposited") => {
                CollateralDeposited { miner: addr(&v["miner"]), amount: u(&v["amount"]), bonded: u(&v["bonded"]) }
                    .encode_log_data()
            }
            Some("SlashProposed") => SlashProposed {
                slashId: u(&v["slashId"]),
                miner: addr(&v["miner"]),
                proposer: addr(&v["proposer"]),
                amount: u(&v["amount"]),
                reason: n(&v["reason"]) as u8,
                evidenceHash: B256::from_str(v["evidenceHash"].as_str().unwrap_or_default()).unwrap_or_default(),
            }
            .encode_log_data(),
            Some("SlashApproved") => SlashApproved {
                slashId: u(&v["slashId"]),
                validator: addr(&v["validator"]),
                approvals: n(&v["approvals"]) as u16,
            }
            .encode_log_data(),
            Some("SlashExecuted") => SlashExecuted {
                slashId: u(&v["slashId"]),
                miner: addr(&v["miner"]),
                amount: u(&v["amount"]),
                treasury: addr(&v["treasury"]),
            }
            .encode_log_data(),
            other => panic!("unknown event in vectors: {other:?}"),
        }
    }

    fn rows_of(kind: ContractKind, data: LogData) -> String {
        let log = PrimitiveLog { address: Address::ZERO, data };
        let mut rows = Rows::default();
        assert!(catalog().decode(kind, &log, &LogMeta::sample(), &mut rows), "decodes as a typed event");
        rows.tables().map(|(t, text)| format!("{}:{text}", t.name())).collect()
    }

    /// The ink! contracts' logs (captured from ink!'s off-chain engine by each contract's own test)
    /// are the Solidity contracts' logs, byte for byte, and decode to the same rows.
    #[test]
    fn ink_logs_are_the_evm_logs() {
        for (file, kind, count) in [
            ("vote_tally", ContractKind::VoteTally, 5),
            ("video_nft", ContractKind::VideoNft, 4),
            ("miner_collateral", ContractKind::MinerCollateral, 10),
        ] {
            let vectors = vectors(file);
            assert_eq!(vectors.len(), count, "{file}");
            for v in &vectors {
                let ink = log_data(v);
                let evm = solidity(v);
                assert_eq!(ink, evm, "{file} {} bytes", v["event"]);
                assert_eq!(rows_of(kind, ink), rows_of(kind, evm), "{file} {} rows", v["event"]);
            }
        }
    }

    /// The logs the ink! VideoShares and AdRevenue artifacts emitted on pallet-revive
    /// (`contracts/ink/sandbox`, which asserts each is the Solidity encoding of its values): each is
    /// re-encoded identically by the indexer's own bindings and becomes the rows its event makes.
    #[test]
    fn ink_logs_from_pallet_revive_are_indexed() {
        type Reencode = fn(&LogData) -> Option<LogData>;
        let shares: Reencode = |l| {
            VideoShares::VideoSharesEvents::decode_raw_log(l.topics(), &l.data).ok().map(IntoLogData::into_log_data)
        };
        let ads: Reencode =
            |l| AdRevenue::AdRevenueEvents::decode_raw_log(l.topics(), &l.data).ok().map(IntoLogData::into_log_data);
        for (file, kind, reencode, events) in [
            (
                "video_shares",
                ContractKind::VideoShares,
                shares,
                &[
                    "TransferSingle",
                    "VideoFractionalized",
                    "TransferSingle",
                    "TransferBatch",
                    "TransferSingle",
                    "VideoRedeemed",
                ][..],
            ),
            (
                "ad_revenue",
                ContractKind::AdRevenue,
                ads,
                &["CampaignOpened", "RevenueSettled", "CampaignToppedUp", "CampaignCancelled", "RevenueClaimed"][..],
            ),
        ] {
            let vectors = vectors(file);
            let names: Vec<&str> = vectors.iter().map(|v| v["event"].as_str().unwrap_or_default()).collect();
            assert_eq!(names, events, "{file}");
            for v in &vectors {
                let ink = log_data(v);
                assert_eq!(reencode(&ink), Some(ink.clone()), "{file} {}", v["event"]);
                assert!(!rows_of(kind, ink).is_empty(), "{file} {}", v["event"]);
            }
        }
    }

    fn vectors(file: &str) -> Vec<Value> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../abi/ink/vectors/{file}.json"));
        serde_json::from_str(&std::fs::read_to_string(&path).expect("ink event vectors")).expect("json")
    }

    fn log_data(v: &Value) -> LogData {
        let topics: Vec<B256> = v["topics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| B256::from_str(t.as_str().unwrap_or_default()).expect("topic"))
            .collect();
        let data = Bytes::from_str(v["data"].as_str().unwrap_or_default()).expect("data");
        LogData::new(topics, data).expect("at most 4 topics")
    }
}
