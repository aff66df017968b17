//! A program's committed Anchor IDL as the client and the indexer use it: instructions built from
//! named arguments with their accounts resolved (fixed addresses, PDAs from the IDL's seeds, the
//! `emit_cpi!` event authority), accounts and events decoded from Borsh. The IDL is the only
//! description of the programs outside `contracts/solana`, as the ABI JSON is for the EVM suite.

use crate::Error;
use crate::tx::{AccountMeta, Instruction, Pubkey};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The tag an `emit_cpi!` self-invocation's data begins with (Anchor's `EVENT_IX_TAG_LE`).
pub const EVENT_IX_TAG: [u8; 8] = 0x1d9a_cb51_2ea5_45e4u64.to_le_bytes();

/// A Borsh type, as the IDL spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// `bool`.
    Bool,
    /// `u8` ... `u128`, by bytes.
    Uint(u8),
    /// `i8` ... `i128`, by bytes.
    Int(u8),
    /// `pubkey`.
    Pubkey,
    /// `string`.
    String,
    /// `bytes`.
    Bytes,
    /// `[T; n]`.
    Array(Box<Ty>, usize),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `Option<T>`.
    Option(Box<Ty>),
    /// A type defined in the IDL's `types`.
    Defined(String),
}

impl Ty {
    fn parse(v: &Value) -> Result<Self, Error> {
        let bad = || Error::Idl(format!("unsupported type {v}"));
        if let Some(name) = v.as_str() {
            return Ok(match name {
                "bool" => Ty::Bool,
                "u8" | "u16" | "u32" | "u64" | "u128" => Ty::Uint(name[1..].parse::<u8>().map_err(|_| bad())? / 8),
                "i8" | "i16" | "i32" | "i64" | "i128" => Ty::Int(name[1..].parse::<u8>().map_err(|_| bad())? / 8),
                "pubkey" => Ty::Pubkey,
                "string" => Ty::String,
                "bytes" => Ty::Bytes,
                _ => return Err(bad()),
            });
        }
        if let Some([inner, len]) = v.get("array").and_then(Value::as_array).map(Vec::as_slice) {
            return Ok(Ty::Array(Box::new(Ty::parse(inner)?), len.as_u64().ok_or_else(bad)? as usize));
        }
        if let Some(inner) = v.get("vec") {
            return Ok(Ty::Vec(Box::new(Ty::parse(inner)?)));
        }
        if let Some(inner) = v.get("option") {
            return Ok(Ty::Option(Box::new(Ty::parse(inner)?)));
        }
        v.pointer("/defined/name").and_then(Value::as_str).map(|n| Ty::Defined(n.to_string())).ok_or_else(bad)
    }
}

/// A decoded Borsh value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    /// A `bool`.
    Bool(bool),
    /// An unsigned integer.
    Uint(u128),
    /// A signed integer.
    Int(i128),
    /// A pubkey, a byte array or `bytes`.
    Bytes(Vec<u8>),
    /// A string.
    Text(String),
    /// A `Vec` or a non-byte array.
    List(Vec<Val>),
    /// An absent `Option`.
    None,
    /// A unit enum variant: its index (what the EVM suite's `uint8` enums carry) and name.
    Variant(u8, String),
    /// A struct's fields, in order.
    Struct(Vec<(String, Val)>),
}

impl Val {
    /// A struct's field.
    pub fn field(&self, name: &str) -> Option<&Val> {
        match self {
            Val::Struct(fields) => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// As an unsigned integer (enum variants as their index).
    pub fn as_u128(&self) -> Option<u128> {
        match self {
            Val::Uint(n) => Some(*n),
            Val::Int(n) => u128::try_from(*n).ok(),
            Val::Variant(i, _) => Some(u128::from(*i)),
            _ => None,
        }
    }

    /// As bytes (pubkeys and byte arrays).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Val::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// As a pubkey.
    pub fn as_pubkey(&self) -> Option<Pubkey> {
        self.as_bytes().and_then(|b| b.try_into().ok()).map(Pubkey)
    }
}

#[derive(Deserialize)]
struct File {
    address: Pubkey,
    metadata: Metadata,
    #[serde(default)]
    instructions: Vec<RawInstruction>,
    #[serde(default)]
    accounts: Vec<Named>,
    #[serde(default)]
    events: Vec<Named>,
    #[serde(default)]
    errors: Vec<ProgramError>,
    #[serde(default)]
    types: Vec<RawTypeDef>,
}

#[derive(Deserialize)]
struct Metadata {
    name: String,
}

#[derive(Deserialize)]
struct Named {
    name: String,
    discriminator: Vec<u8>,
}

#[derive(Deserialize)]
struct RawInstruction {
    name: String,
    discriminator: Vec<u8>,
    accounts: Vec<Value>,
    args: Vec<RawField>,
}

#[derive(Deserialize)]
struct RawField {
    name: String,
    #[serde(rename = "type")]
    ty: Value,
}

#[derive(Deserialize)]
struct RawTypeDef {
    name: String,
    #[serde(rename = "type")]
    ty: Value,
}

/// A program error the IDL declares.
#[derive(Debug, Clone, Deserialize)]
pub struct ProgramError {
    /// Its code (6000 and up).
    pub code: u32,
    /// Its name (the EVM suite's custom error name).
    pub name: String,
    /// Its message.
    #[serde(default)]
    pub msg: String,
}

#[derive(Debug, Clone)]
enum TypeDef {
    Struct(Vec<(String, Ty)>),
    Enum(Vec<String>),
}

/// Where a PDA seed comes from.
#[derive(Debug, Clone)]
enum Seed {
    Const(Vec<u8>),
    Arg(String),
    Account(String),
}

#[derive(Debug, Clone)]
struct IdlAccount {
    name: String,
    writable: bool,
    signer: bool,
    optional: bool,
    address: Option<Pubkey>,
    seeds: Option<Vec<Seed>>,
    /// The program the PDA belongs to when it is another program's (`seeds::program`).
    seeds_program: Option<Pubkey>,
}

/// An instruction: discriminator, accounts and arguments.
#[derive(Debug, Clone)]
pub struct IdlInstruction {
    /// Its name.
    pub name: String,
    discriminator: Vec<u8>,
    accounts: Vec<IdlAccount>,
    args: Vec<(String, Ty)>,
}

/// A program, as its IDL describes it.
#[derive(Debug, Clone)]
pub struct Idl {
    /// Its program id.
    pub address: Pubkey,
    /// Its name (`vote_tally`).
    pub name: String,
    instructions: Vec<IdlInstruction>,
    accounts: Vec<(String, Vec<u8>)>,
    events: Vec<(String, Vec<u8>)>,
    errors: Vec<ProgramError>,
    types: HashMap<String, TypeDef>,
}

impl Idl {
    /// Parses an Anchor IDL (the JSON `anchor idl build` writes).
    pub fn parse(json: &str) -> Result<Self, Error> {
        let file: File = serde_json::from_str(json).map_err(|e| Error::Idl(e.to_string()))?;
        let types = file
            .types
            .iter()
            .map(|t| {
                let def = match t.ty.get("kind").and_then(Value::as_str) {
                    Some("struct") => TypeDef::Struct(fields(t.ty.get("fields"))?),
                    Some("enum") => TypeDef::Enum(
                        t.ty.get("variants")
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                            .map(|v| v.get("name").and_then(Value::as_str).unwrap_or_default().to_string())
                            .collect(),
                    ),
                    _ => return Err(Error::Idl(format!("type {}: unsupported kind", t.name))),
                };
                Ok((t.name.clone(), def))
            })
            .collect::<Result<_, Error>>()?;
        let instructions = file
            .instructions
            .into_iter()
            .map(|i| {
                let mut accounts = Vec::new();
                flatten_accounts(&i.accounts, "", &mut accounts)?;
                let args =
                    i.args.iter().map(|a| Ok((a.name.clone(), Ty::parse(&a.ty)?))).collect::<Result<_, Error>>()?;
                Ok(IdlInstruction { name: i.name, discriminator: i.discriminator, accounts, args })
            })
            .collect::<Result<_, Error>>()?;
        Ok(Self {
            address: file.address,
            name: file.metadata.name,
            instructions,
            accounts: file.accounts.into_iter().map(|a| (a.name, a.discriminator)).collect(),
            events: file.events.into_iter().map(|e| (e.name, e.discriminator)).collect(),
            errors: file.errors,
            types,
        })
    }

    /// The committed IDL of AdRevenue.
    pub fn ad_revenue() -> Self {
        Self::parse(tfx_abi::solana::AD_REVENUE).expect("the committed ad_revenue IDL parses")
    }

    /// The committed IDL of VideoNft.
    pub fn video_nft() -> Self {
        Self::parse(tfx_abi::solana::VIDEO_NFT).expect("the committed video_nft IDL parses")
    }

    /// The committed IDL of VideoShares.
    pub fn video_shares() -> Self {
        Self::parse(tfx_abi::solana::VIDEO_SHARES).expect("the committed video_shares IDL parses")
    }

    /// The committed IDL of VoteTally.
    pub fn vote_tally() -> Self {
        Self::parse(tfx_abi::solana::VOTE_TALLY).expect("the committed vote_tally IDL parses")
    }

    /// The committed IDL of the Mailbox.
    pub fn mailbox() -> Self {
        Self::parse(tfx_abi::solana::MAILBOX).expect("the committed mailbox IDL parses")
    }

    /// The committed IDL of MinerCollateral.
    pub fn miner_collateral() -> Self {
        Self::parse(tfx_abi::solana::MINER_COLLATERAL).expect("the committed miner_collateral IDL parses")
    }

    /// The PDA for `seeds` under this program.
    pub fn pda(&self, seeds: &[&[u8]]) -> Pubkey {
        Pubkey::pda(seeds, &self.address)
    }

    /// The account `emit_cpi!` signs its event invocations with.
    pub fn event_authority(&self) -> Pubkey {
        self.pda(&[b"__event_authority"])
    }

    /// The program error with `code`.
    pub fn error(&self, code: u32) -> Option<&ProgramError> {
        self.errors.iter().find(|e| e.code == code)
    }

    /// The events the program emits, by name.
    pub fn event_names(&self) -> impl Iterator<Item = &str> {
        self.events.iter().map(|(n, _)| n.as_str())
    }

    /// An event's fields and their types, in order.
    pub fn event_fields(&self, event: &str) -> Option<Vec<(String, Ty)>> {
        match self.types.get(event)? {
            TypeDef::Struct(fields) => Some(fields.clone()),
            TypeDef::Enum(_) => None,
        }
    }

    /// Builds instruction `name` from its arguments (a JSON object by argument name: integers as
    /// numbers or decimal strings, pubkeys in base 58, byte arrays as `0x` hex, enums by variant
    /// name, `null` for `None`) and the accounts the IDL cannot derive, by name. Fixed addresses,
    /// PDAs whose seeds are constants, arguments or other accounts, and the event authority are
    /// filled in, optional ones included; an optional account left out and not derivable is
    /// passed as the program id, Anchor's `None` (pass the program id to leave out one the IDL
    /// could derive).
    pub fn instruction(&self, name: &str, args: &Value, accounts: &[(&str, Pubkey)]) -> Result<Instruction, Error> {
        let ix = self
            .instructions
            .iter()
            .find(|i| i.name == name)
            .ok_or_else(|| Error::Idl(format!("{} has no instruction {name}", self.name)))?;
        let mut data = ix.discriminator.clone();
        let mut encoded: HashMap<&str, Vec<u8>> = HashMap::new();
        for (arg, ty) in &ix.args {
            let value = args.get(arg).ok_or_else(|| Error::Invalid(format!("{name}: missing argument {arg}")))?;
            let mut bytes = Vec::new();
            self.encode(ty, value, &mut bytes).map_err(|e| Error::Invalid(format!("{name}.{arg}: {e}")))?;
            data.extend_from_slice(&bytes);
            encoded.insert(arg, bytes);
        }
        let mut resolved: HashMap<&str, Pubkey> = accounts.iter().copied().collect();
        // Seeds may name accounts that are themselves derived: resolve until nothing changes.
        loop {
            let before = resolved.len();
            for a in &ix.accounts {
                if resolved.contains_key(a.name.as_str()) {
                    continue;
                }
                let key = match (&a.address, &a.seeds, a.name.as_str()) {
                    (Some(address), _, _) => Some(*address),
                    (None, Some(seeds), _) => self.derive(seeds, a.seeds_program.as_ref(), &encoded, &resolved),
                    (None, None, "event_authority") => Some(self.event_authority()),
                    (None, None, "program") => Some(self.address),
                    _ => None,
                };
                if let Some(key) = key {
                    resolved.insert(&a.name, key);
                }
            }
            if resolved.len() == before {
                break;
            }
        }
        let metas = ix
            .accounts
            .iter()
            .map(|a| match resolved.get(a.name.as_str()) {
                Some(key) => Ok(AccountMeta { pubkey: *key, is_signer: a.signer, is_writable: a.writable }),
                None if a.optional => Ok(AccountMeta { pubkey: self.address, is_signer: false, is_writable: false }),
                None => Err(Error::Invalid(format!("{name}: account {} is needed", a.name))),
            })
            .collect::<Result<_, _>>()?;
        Ok(Instruction { program_id: self.address, accounts: metas, data })
    }

    fn derive(
        &self,
        seeds: &[Seed],
        program: Option<&Pubkey>,
        args: &HashMap<&str, Vec<u8>>,
        accounts: &HashMap<&str, Pubkey>,
    ) -> Option<Pubkey> {
        let bytes: Vec<Vec<u8>> = seeds
            .iter()
            .map(|s| match s {
                Seed::Const(b) => Some(b.clone()),
                Seed::Arg(path) => args.get(path.as_str()).cloned(),
                Seed::Account(path) => accounts.get(path.as_str()).map(|k| k.0.to_vec()),
            })
            .collect::<Option<_>>()?;
        let refs: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
        Some(Pubkey::pda(&refs, program.unwrap_or(&self.address)))
    }

    /// Which of this program's instructions `ix` calls, with its accounts by IDL name; `None` for
    /// another program's, an unknown one, or one with fewer accounts than its IDL names. What a
    /// relayer reads before it co-signs a transaction somebody else built.
    pub fn identify(&self, ix: &Instruction) -> Option<(&str, Vec<(&str, Pubkey)>)> {
        if ix.program_id != self.address {
            return None;
        }
        let called = self.instructions.iter().find(|i| ix.data.starts_with(&i.discriminator))?;
        if ix.accounts.len() < called.accounts.len() {
            return None;
        }
        let named = called.accounts.iter().zip(&ix.accounts).map(|(a, m)| (a.name.as_str(), m.pubkey)).collect();
        Some((&called.name, named))
    }

    /// Decodes an account of type `name` (checking its discriminator).
    pub fn decode_account(&self, name: &str, data: &[u8]) -> Result<Val, Error> {
        let (_, disc) = self
            .accounts
            .iter()
            .find(|(n, _)| n == name)
            .ok_or_else(|| Error::Idl(format!("{} has no account type {name}", self.name)))?;
        let body = data.strip_prefix(disc.as_slice()).ok_or_else(|| Error::Invalid(format!("not a {name} account")))?;
        let mut cursor = body;
        self.decode(&Ty::Defined(name.to_string()), &mut cursor)
    }

    /// Decodes an `emit_cpi!` invocation's data: the event's name and fields, or `None` when the
    /// data is not one of this program's events.
    pub fn decode_event(&self, data: &[u8]) -> Option<Result<(&str, Val), Error>> {
        let payload = data.strip_prefix(&EVENT_IX_TAG)?;
        let (name, disc) = self.events.iter().find(|(_, d)| payload.starts_with(d))?;
        let mut body = &payload[disc.len()..];
        Some(self.decode(&Ty::Defined(name.clone()), &mut body).map(|v| (name.as_str(), v)))
    }

    fn decode(&self, ty: &Ty, input: &mut &[u8]) -> Result<Val, Error> {
        fn take<'a>(input: &mut &'a [u8], n: usize) -> Result<&'a [u8], Error> {
            if input.len() < n {
                return Err(Error::Invalid("Borsh data ends early".into()));
            }
            let (head, rest) = input.split_at(n);
            *input = rest;
            Ok(head)
        }
        fn le(bytes: &[u8]) -> u128 {
            bytes.iter().rev().fold(0u128, |acc, b| (acc << 8) | u128::from(*b))
        }
        let len = |input: &mut &[u8]| take(input, 4).map(|b| le(b) as usize);
        Ok(match ty {
            Ty::Bool => Val::Bool(take(input, 1)?[0] != 0),
            Ty::Uint(n) => Val::Uint(le(take(input, usize::from(*n))?)),
            Ty::Int(n) => {
                let bits = u32::from(*n) * 8;
                let raw = le(take(input, usize::from(*n))?);
                // Sign-extend from the type's width.
                Val::Int(((raw << (128 - bits)) as i128) >> (128 - bits))
            }
            Ty::Pubkey => Val::Bytes(take(input, 32)?.to_vec()),
            Ty::String => {
                let n = len(input)?;
                let s = std::str::from_utf8(take(input, n)?).map_err(|e| Error::Invalid(e.to_string()))?;
                Val::Text(s.to_string())
            }
            Ty::Bytes => {
                let n = len(input)?;
                Val::Bytes(take(input, n)?.to_vec())
            }
            Ty::Array(inner, n) if **inner == Ty::Uint(1) => Val::Bytes(take(input, *n)?.to_vec()),
            Ty::Array(inner, n) => Val::List((0..*n).map(|_| self.decode(inner, input)).collect::<Result<_, _>>()?),
            Ty::Vec(inner) => {
                let n = len(input)?;
                if n > input.len() {
                    return Err(Error::Invalid("Borsh vector longer than its data".into()));
                }
                Val::List((0..n).map(|_| self.decode(inner, input)).collect::<Result<_, _>>()?)
            }
            Ty::Option(inner) => match take(input, 1)?[0] {
                0 => Val::None,
                _ => self.decode(inner, input)?,
            },
            Ty::Defined(name) => match self.types.get(name) {
                Some(TypeDef::Struct(fields)) => Val::Struct(
                    fields
                        .iter()
                        .map(|(n, t)| Ok((n.clone(), self.decode(t, input)?)))
                        .collect::<Result<_, Error>>()?,
                ),
                Some(TypeDef::Enum(variants)) => {
                    let i = take(input, 1)?[0];
                    let name = variants
                        .get(usize::from(i))
                        .ok_or_else(|| Error::Invalid(format!("{name}: no variant {i}")))?;
                    Val::Variant(i, name.clone())
                }
                None => return Err(Error::Idl(format!("undefined type {name}"))),
            },
        })
    }

    fn encode(&self, ty: &Ty, v: &Value, out: &mut Vec<u8>) -> Result<(), Error> {
        let bad = || Error::Invalid(format!("{v} is not a {ty:?}"));
        let uint = |v: &Value| -> Option<u128> {
            v.as_u64().map(u128::from).or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        };
        match ty {
            Ty::Bool => out.push(u8::from(v.as_bool().ok_or_else(bad)?)),
            Ty::Uint(n) => {
                let x = uint(v).filter(|x| *n == 16 || *x >> (u32::from(*n) * 8) == 0).ok_or_else(bad)?;
                out.extend_from_slice(&x.to_le_bytes()[..usize::from(*n)]);
            }
            Ty::Int(n) => {
                let x =
                    v.as_i64().map(i128::from).or_else(|| v.as_str().and_then(|s| s.parse().ok())).ok_or_else(bad)?;
                out.extend_from_slice(&x.to_le_bytes()[..usize::from(*n)]);
            }
            Ty::Pubkey => out.extend_from_slice(&v.as_str().ok_or_else(bad)?.parse::<Pubkey>()?.0),
            Ty::String => {
                let s = v.as_str().ok_or_else(bad)?;
                out.extend_from_slice(&(s.len() as u32).to_le_bytes());
                out.extend_from_slice(s.as_bytes());
            }
            Ty::Bytes => {
                let b = hex_bytes(v).ok_or_else(bad)?;
                out.extend_from_slice(&(b.len() as u32).to_le_bytes());
                out.extend_from_slice(&b);
            }
            Ty::Array(inner, n) if **inner == Ty::Uint(1) => {
                let b = hex_bytes(v).filter(|b| b.len() == *n).ok_or_else(bad)?;
                out.extend_from_slice(&b);
            }
            Ty::Array(inner, n) => {
                let items = v.as_array().filter(|a| a.len() == *n).ok_or_else(bad)?;
                items.iter().try_for_each(|i| self.encode(inner, i, out))?;
            }
            Ty::Vec(inner) => {
                let items = v.as_array().ok_or_else(bad)?;
                out.extend_from_slice(&(items.len() as u32).to_le_bytes());
                items.iter().try_for_each(|i| self.encode(inner, i, out))?;
            }
            Ty::Option(inner) => match v {
                Value::Null => out.push(0),
                v => {
                    out.push(1);
                    self.encode(inner, v, out)?;
                }
            },
            Ty::Defined(name) => match self.types.get(name) {
                Some(TypeDef::Struct(fields)) => {
                    for (field, t) in fields {
                        self.encode(t, v.get(field).ok_or_else(bad)?, out)?;
                    }
                }
                Some(TypeDef::Enum(variants)) => {
                    let i = variants.iter().position(|n| Some(n.as_str()) == v.as_str()).ok_or_else(bad)?;
                    out.push(i as u8);
                }
                None => return Err(Error::Idl(format!("undefined type {name}"))),
            },
        }
        Ok(())
    }
}

/// Bytes as the IDL's JSON arguments write them (0x and lowercase hex), what [`Idl::instruction`]
/// reads for a byte array and the API answers for an address.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::from("0x"), |s, b| s + &format!("{b:02x}"))
}

fn hex_bytes(v: &Value) -> Option<Vec<u8>> {
    let s = v.as_str()?.strip_prefix("0x")?;
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

fn fields(v: Option<&Value>) -> Result<Vec<(String, Ty)>, Error> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|f| {
            let name =
                f.get("name").and_then(Value::as_str).ok_or_else(|| Error::Idl("a field without a name".into()))?;
            Ok((name.to_string(), Ty::parse(f.get("type").unwrap_or(&Value::Null))?))
        })
        .collect()
}

/// An instruction's accounts in order, a composite's (Anchor's nested accounts struct) named
/// `<composite>.<account>`: its names may repeat the outer struct's (`config`, `program`).
fn flatten_accounts(raw: &[Value], prefix: &str, out: &mut Vec<IdlAccount>) -> Result<(), Error> {
    for a in raw {
        let name =
            a.get("name").and_then(Value::as_str).ok_or_else(|| Error::Idl("an account without a name".into()))?;
        if let Some(nested) = a.get("accounts").and_then(Value::as_array) {
            flatten_accounts(nested, &format!("{prefix}{name}."), out)?;
            continue;
        }
        let flag = |k: &str| a.get(k).and_then(Value::as_bool).unwrap_or(false);
        let address = a.get("address").and_then(Value::as_str).map(str::parse).transpose()?;
        // Another program's PDA names it as a constant; one named any other way is left to the
        // caller, as is a seed read from an account's data (`video.owner`).
        let pda = a.get("pda");
        let seeds_program = pda.and_then(|p| p.get("program")).map(|program| {
            let bytes: Option<Vec<u8>> = (program.get("kind").and_then(Value::as_str) == Some("const"))
                .then(|| program.get("value")?.as_array()?.iter().map(|b| b.as_u64().map(|b| b as u8)).collect())
                .flatten();
            bytes.and_then(|b| <[u8; 32]>::try_from(b).ok()).map(Pubkey)
        });
        let seeds = pda.filter(|_| seeds_program.is_none_or(|p| p.is_some())).map(|p| {
            p.get("seeds")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|s| {
                    let path = || s.get("path").and_then(Value::as_str).unwrap_or_default().to_string();
                    match s.get("kind").and_then(Value::as_str) {
                        Some("const") => Seed::Const(
                            s.get("value")
                                .and_then(Value::as_array)
                                .into_iter()
                                .flatten()
                                .filter_map(|b| b.as_u64().map(|b| b as u8))
                                .collect(),
                        ),
                        Some("arg") => Seed::Arg(path()),
                        _ => Seed::Account(path()),
                    }
                })
                .collect()
        });
        out.push(IdlAccount {
            name: format!("{prefix}{name}"),
            writable: flag("writable"),
            signer: flag("signer"),
            optional: flag("optional"),
            address,
            seeds,
            seeds_program: seeds_program.flatten(),
        });
    }
    Ok(())
}

/// The 8-byte discriminator Anchor gives `namespace:name` (`global` for instructions, `event`,
/// `account`); the committed IDLs carry them, this is for checking them.
pub fn discriminator(namespace: &str, name: &str) -> [u8; 8] {
    let hash = Sha256::digest(format!("{namespace}:{name}"));
    hash[..8].try_into().expect("8 bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_idls_parse_and_carry_anchor_discriminators() {
        for idl in [
            Idl::ad_revenue(),
            Idl::video_nft(),
            Idl::video_shares(),
            Idl::vote_tally(),
            Idl::mailbox(),
            Idl::miner_collateral(),
        ] {
            for (event, disc) in &idl.events {
                assert_eq!(disc.as_slice(), discriminator("event", event), "{}.{event}", idl.name);
                assert!(idl.event_fields(event).is_some(), "{}.{event} has a type", idl.name);
            }
            for ix in &idl.instructions {
                assert_eq!(ix.discriminator.as_slice(), discriminator("global", &ix.name), "{}.{}", idl.name, ix.name);
            }
        }
    }

    #[test]
    fn vote_resolves_its_pdas_from_arguments_and_accounts() {
        let idl = Idl::vote_tally();
        let voter = Pubkey([3; 32]);
        let args = serde_json::json!({ "round_id": 7, "candidate": 2 });
        let ix = idl.instruction("vote", &args, &[("voter", voter), ("payer", voter)]).expect("ok");
        let ballot = idl.pda(&[b"ballot", &7u64.to_le_bytes(), &voter.0]);
        assert!(ix.accounts.iter().any(|a| a.pubkey == ballot && a.is_writable));
        assert!(ix.accounts.iter().any(|a| a.pubkey == idl.pda(&[b"stake", &voter.0])), "optional but derivable");
        assert_eq!(&ix.data[8..], &[7, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0]);
        let missing = idl.instruction("vote", &args, &[("voter", voter)]).expect_err("an error");
        assert!(missing.to_string().contains("payer"), "{missing}");
        assert!(idl.instruction("vote", &serde_json::json!({ "round_id": 7, "candidate": -1 }), &[]).is_err());
    }

    #[test]
    fn events_decode_from_borsh() {
        let idl = Idl::vote_tally();
        let mut data = EVENT_IX_TAG.to_vec();
        data.extend_from_slice(&discriminator("event", "VoteCast"));
        data.extend_from_slice(&5u64.to_le_bytes());
        data.extend_from_slice(&[9; 32]);
        data.extend_from_slice(&1u32.to_le_bytes());
        data.extend_from_slice(&40u64.to_le_bytes());
        let (name, v) = idl.decode_event(&data).expect("an event").expect("decodes");
        assert_eq!(name, "VoteCast");
        assert_eq!(v.field("weight"), Some(&Val::Uint(40)));
        assert_eq!(v.field("voter").and_then(Val::as_pubkey), Some(Pubkey([9; 32])));
        assert!(idl.decode_event(&data[..data.len() - 1]).expect("ok").is_err(), "truncated");
        assert!(idl.decode_event(&data[8..]).is_none(), "no event tag");
    }
}
