//! Solana's JSON-RPC, the calls the deployer, `flix` and the indexer make.

use crate::Error;
use crate::idl::Idl;
use crate::tx::{Instruction, Keypair, Message, Pubkey, Transaction};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};
use std::time::Duration;

/// An account's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Its balance.
    pub lamports: u64,
    /// The program owning it.
    pub owner: Pubkey,
    /// Its data.
    pub data: Vec<u8>,
    /// Whether it is a program.
    pub executable: bool,
}

/// A confirmed transaction: its signature and slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landed {
    /// The transaction's first signature, which names it.
    pub signature: String,
    /// The slot it landed in.
    pub slot: u64,
}

/// What a slot holds.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockAt {
    /// A block (`getBlock`'s answer).
    Produced(Value),
    /// No block: its leader skipped it.
    Skipped,
    /// Not produced (or not confirmed) yet.
    Unavailable,
}

/// A JSON-RPC client of one node, at one commitment level.
#[derive(Debug, Clone)]
pub struct RpcClient {
    http: reqwest::Client,
    url: String,
    commitment: &'static str,
}

impl RpcClient {
    /// A client of `url` reading at `confirmed` (what the indexer follows and wallets show).
    pub fn new(url: impl Into<String>) -> Self {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().expect("an HTTP client");
        Self { http, url: url.into(), commitment: "confirmed" }
    }

    /// The node's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// One JSON-RPC call.
    pub async fn call(&self, method: &str, params: Value) -> Result<Value, Error> {
        let transport = |message: String| Error::Transport { url: self.url.clone(), message };
        let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
        let response = self.http.post(&self.url).json(&body).send().await.map_err(|e| transport(e.to_string()))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| transport(e.to_string()))?;
        if !status.is_success() {
            return Err(transport(format!("{method}: HTTP {status}: {text}")));
        }
        let mut answer: Value =
            serde_json::from_str(&text).map_err(|e| Error::Malformed(format!("{method}: {e}: {text}")))?;
        if let Some(error) = answer.get("error") {
            return Err(Error::Rpc {
                code: error.get("code").and_then(Value::as_i64).unwrap_or_default(),
                message: error.get("message").and_then(Value::as_str).unwrap_or_default().to_string(),
                data: error.get("data").cloned(),
            });
        }
        answer.get_mut("result").map(Value::take).ok_or_else(|| Error::Malformed(format!("{method}: no result")))
    }

    /// The latest slot at the client's commitment.
    pub async fn slot(&self) -> Result<u64, Error> {
        let slot = self.call("getSlot", json!([{ "commitment": self.commitment }])).await?;
        slot.as_u64().ok_or_else(|| Error::Malformed(format!("getSlot: {slot}")))
    }

    /// The blockhash a new transaction names.
    pub async fn latest_blockhash(&self) -> Result<[u8; 32], Error> {
        let answer = self.call("getLatestBlockhash", json!([{ "commitment": self.commitment }])).await?;
        let hash = answer.pointer("/value/blockhash").and_then(Value::as_str).unwrap_or_default();
        hash.parse::<Pubkey>().map(|p| p.0).map_err(|_| Error::Malformed(format!("getLatestBlockhash: {answer}")))
    }

    /// An account, `None` if it does not exist.
    pub async fn account(&self, address: &Pubkey) -> Result<Option<Account>, Error> {
        let params = json!([address.to_string(), { "encoding": "base64", "commitment": self.commitment }]);
        let answer = self.call("getAccountInfo", params).await?;
        let value = &answer["value"];
        if value.is_null() {
            return Ok(None);
        }
        let malformed = || Error::Malformed(format!("getAccountInfo: {answer}"));
        let data = value.pointer("/data/0").and_then(Value::as_str).ok_or_else(malformed)?;
        Ok(Some(Account {
            lamports: value["lamports"].as_u64().ok_or_else(malformed)?,
            owner: value["owner"].as_str().ok_or_else(malformed)?.parse()?,
            data: BASE64.decode(data).map_err(|_| malformed())?,
            executable: value["executable"].as_bool().unwrap_or(false),
        }))
    }

    /// A balance in lamports.
    pub async fn balance(&self, address: &Pubkey) -> Result<u64, Error> {
        let answer = self.call("getBalance", json!([address.to_string(), { "commitment": self.commitment }])).await?;
        answer["value"].as_u64().ok_or_else(|| Error::Malformed(format!("getBalance: {answer}")))
    }

    /// An SPL token account's balance, in the mint's smallest unit (0 when it does not exist).
    pub async fn token_balance(&self, account: &Pubkey) -> Result<u64, Error> {
        let Some(a) = self.account(account).await? else { return Ok(0) };
        // SPL Token's account layout: mint (32), owner (32), amount (u64 little-endian).
        let amount = a.data.get(64..72).ok_or_else(|| Error::Malformed(format!("{account} is not a token account")))?;
        Ok(u64::from_le_bytes(amount.try_into().expect("8 bytes")))
    }

    /// Asks a test cluster's faucet for lamports and waits until they land.
    pub async fn airdrop(&self, to: &Pubkey, lamports: u64) -> Result<(), Error> {
        let signature = self.call("requestAirdrop", json!([to.to_string(), lamports])).await?;
        let signature = signature.as_str().ok_or_else(|| Error::Malformed(format!("requestAirdrop: {signature}")))?;
        self.confirm(signature).await.map(drop)
    }

    /// Sends `instructions` in one transaction paid by `signers[0]` and waits until it is
    /// confirmed; a refusal by one of `programs` comes back as [`Error::Program`] with the IDL's
    /// error name. Returns the transaction's signature.
    pub async fn send(
        &self,
        instructions: &[Instruction],
        signers: &[&Keypair],
        programs: &[&Idl],
    ) -> Result<Landed, Error> {
        let payer = signers.first().ok_or_else(|| Error::Invalid("a transaction needs a fee payer".into()))?.pubkey();
        let message = Message::new(instructions, &payer, self.latest_blockhash().await?)?;
        let tx = Transaction::sign(&message, signers)?;
        self.send_transaction(&tx, instructions, programs).await
    }

    /// Sends a signed transaction (as a relayer does with one a voter signed) and waits until it
    /// is confirmed. `instructions` are the ones it carries, to name a failing program's error.
    pub async fn send_transaction(
        &self,
        tx: &Transaction,
        instructions: &[Instruction],
        programs: &[&Idl],
    ) -> Result<Landed, Error> {
        let params = json!([tx.to_base64(), { "encoding": "base64", "preflightCommitment": self.commitment }]);
        match self.call("sendTransaction", params).await {
            Ok(_) => {}
            Err(e) => return Err(program_error(e, instructions, programs)),
        }
        let signature = tx.signature();
        let slot = self.confirm(&signature).await?;
        Ok(Landed { signature, slot })
    }

    /// Waits until `signature` is confirmed (up to a minute, as a blockhash lives about that long);
    /// returns its slot.
    pub async fn confirm(&self, signature: &str) -> Result<u64, Error> {
        for _ in 0..600 {
            let answer = self.call("getSignatureStatuses", json!([[signature]])).await?;
            let status = &answer["value"][0];
            if !status.is_null() {
                if !status["err"].is_null() {
                    return Err(Error::Rpc {
                        code: -32002,
                        message: format!("transaction {signature} failed"),
                        data: Some(status["err"].clone()),
                    });
                }
                return status["slot"]
                    .as_u64()
                    .ok_or_else(|| Error::Malformed(format!("getSignatureStatuses: {answer}")));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(Error::Transport {
            url: self.url.clone(),
            message: format!("transaction {signature} not confirmed within a minute"),
        })
    }

    /// The block at `slot`, with its transactions (`encoding: json`) when `full`.
    pub async fn block(&self, slot: u64, full: bool) -> Result<BlockAt, Error> {
        let config = json!({
            "encoding": "json",
            "transactionDetails": if full { "full" } else { "none" },
            "rewards": false,
            "maxSupportedTransactionVersion": 0,
            "commitment": self.commitment,
        });
        match self.call("getBlock", json!([slot, config])).await {
            Ok(block) if block.is_null() => Ok(BlockAt::Unavailable),
            Ok(block) => Ok(BlockAt::Produced(block)),
            // Skipped, or skipped behind a ledger jump / outside long-term storage.
            Err(Error::Rpc { code: -32007 | -32009, .. }) => Ok(BlockAt::Skipped),
            Err(Error::Rpc { code: -32004, .. }) => Ok(BlockAt::Unavailable),
            Err(e) => Err(e),
        }
    }

    /// The slots from `start` to `end` that hold a block.
    pub async fn blocks(&self, start: u64, end: u64) -> Result<Vec<u64>, Error> {
        let answer = self.call("getBlocks", json!([start, end, { "commitment": self.commitment }])).await?;
        serde_json::from_value(answer).map_err(|e| Error::Malformed(format!("getBlocks: {e}")))
    }
}

/// A preflight refusal whose error is a program's custom error, by the program's IDL name.
fn program_error(e: Error, instructions: &[Instruction], programs: &[&Idl]) -> Error {
    let Error::Rpc { data: Some(data), .. } = &e else { return e };
    let Some([index, detail]) = data.pointer("/err/InstructionError").and_then(Value::as_array).map(Vec::as_slice)
    else {
        return e;
    };
    let (Some(index), Some(code)) = (index.as_u64(), detail.get("Custom").and_then(Value::as_u64)) else { return e };
    let program = instructions.get(index as usize).and_then(|ix| programs.iter().find(|p| p.address == ix.program_id));
    let Some(idl) = program else { return e };
    let known = idl.error(code as u32);
    // Anchor's own errors (constraints, missing accounts) are not in the IDL; Anchor logs them.
    let logged = || {
        let logs = data.get("logs")?.as_array()?;
        let line = logs.iter().filter_map(Value::as_str).find(|l| l.contains("Error Code: "))?;
        let after = &line[line.find("Error Code: ")? + 12..];
        let name = after.split('.').next()?.to_string();
        let message = after.split("Error Message: ").nth(1).unwrap_or_default().trim_end_matches('.').to_string();
        Some((name, message))
    };
    let (name, message) = match known {
        Some(k) => (k.name.clone(), k.msg.clone()),
        None => logged()
            .or_else(|| anchor_error(code as u32).map(|n| (n.to_string(), String::new())))
            .unwrap_or_else(|| (format!("Custom({code})"), String::new())),
    };
    Error::Program { program: idl.name.clone(), code: code as u32, name, message }
}

/// The name of one of Anchor's own errors a client meets, for a node that does not return
/// program logs.
fn anchor_error(code: u32) -> Option<&'static str> {
    Some(match code {
        2000 => "ConstraintMut",
        2001 => "ConstraintHasOne",
        2002 => "ConstraintSigner",
        2003 => "ConstraintRaw",
        2006 => "ConstraintSeeds",
        2012 => "ConstraintAddress",
        3001 => "AccountDiscriminatorNotFound",
        3002 => "AccountDiscriminatorMismatch",
        3007 => "AccountOwnedByWrongProgram",
        3010 => "AccountNotSigner",
        3012 => "AccountNotInitialized",
        _ => return None,
    })
}
