use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where one contract lives on one chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractRecord {
    /// Contract address, as the chain family writes it (0x-hex on EVM chains).
    pub address: String,
    /// Block that created it: the indexer starts there.
    pub block: u64,
    /// Creating transaction, or empty for contracts configured rather than deployed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tx: String,
}

/// `deployments/<chain>.json`: every contract of the suite on one chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployment {
    /// Chain name (`avalanche`, `ethereum`, ...).
    pub chain: String,
    /// Chain id the contracts were deployed to (on Solana: the suite's route domain).
    pub chain_id: u64,
    /// Which implementation of the suite runs there (absent in records written before Solana:
    /// an EVM suite).
    #[serde(default)]
    pub suite: crate::ContractSuite,
    /// Contract name to record.
    pub contracts: BTreeMap<String, ContractRecord>,
}

impl Deployment {
    /// An empty record for a chain.
    pub fn new(chain: impl Into<String>, chain_id: u64) -> Self {
        Self { chain: chain.into(), chain_id, suite: crate::ContractSuite::default(), contracts: BTreeMap::new() }
    }

    /// The record's path for `chain` under `dir`.
    pub fn path(dir: &Path, chain: &str) -> PathBuf {
        dir.join(format!("{chain}.json"))
    }

    /// Reads `dir/<chain>.json`; `Ok(None)` if it does not exist.
    pub fn load(dir: &Path, chain: &str) -> Result<Option<Self>> {
        let path = Self::path(dir, chain);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|source| Error::Json { path, source }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Io { path, source }),
        }
    }

    /// Writes `dir/<chain>.json` atomically (write then rename), so readers never see half a file.
    pub fn save(&self, dir: &Path) -> Result<PathBuf> {
        let path = Self::path(dir, &self.chain);
        let io = |source| Error::Io { path: path.clone(), source };
        std::fs::create_dir_all(dir).map_err(io)?;
        let tmp = path.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(self).map_err(|source| Error::Json { path: path.clone(), source })?;
        std::fs::write(&tmp, text + "\n").map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
        Ok(path)
    }

    /// The record of `contract`, or a clear error naming what to run.
    pub fn contract(&self, contract: &str) -> Result<&ContractRecord> {
        self.contracts
            .get(contract)
            .ok_or_else(|| Error::NotDeployed { chain: self.chain.clone(), contract: contract.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_then_load_round_trips() {
        let dir = std::env::temp_dir().join(format!("tfx-core-{}", std::process::id()));
        let mut d = Deployment::new("avalanche", 43114);
        d.contracts.insert("VideoNft".into(), ContractRecord { address: "0xabc".into(), block: 7, tx: String::new() });
        d.save(&dir).expect("save");
        assert_eq!(Deployment::load(&dir, "avalanche").expect("load"), Some(d));
        assert_eq!(Deployment::load(&dir, "ethereum").expect("load"), None);
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn missing_contract_names_the_fix() {
        let d = Deployment::new("ethereum", 1);
        let err = d.contract("VoteTally").expect_err("missing").to_string();
        assert!(err.contains("VoteTally") && err.contains("ethereum"), "{err}");
    }
}
