//! The committed ink! artifacts (`abi/ink/*.polkavm`) run by pallet-revive, the contracts pallet of
//! Polkadot Hub, in an in-process runtime (frame-system, pallet-balances, pallet-timestamp,
//! pallet-revive), the way ink!'s own sandbox and pallet-revive's tests run contracts.
//!
//! What the off-chain engine of `#[ink::test]` cannot show, this does: the PolkaVM blob that would
//! be deployed is uploaded and instantiated, calls carry Solidity-ABI input (encoded by the
//! `abi::*` bindings generated from the committed `abi/ink/*.abi` files), cross-contract calls see
//! the calling contract as `msg.sender`, a revert rolls storage back, value moves native balances,
//! and the events are the logs Polkadot Hub's Ethereum RPC would serve.

use alloy_primitives::{Address, B256, Bytes, Log, LogData, U256};
use alloy_sol_types::{SolCall, SolInterface};
use frame_support::{derive_impl, traits::ConstU128, weights::Weight};
use pallet_revive::{AccountId32Mapper, Code, ExecConfig, TransactionLimits};
use sp_core::{H160, H256};
use sp_runtime::{AccountId32, BuildStorage, traits::IdentityLookup};

pub mod rpc;
pub mod suite;

/// Solidity bindings of the ink! contracts, from the ABI files cargo-contract wrote next to the
/// artifacts (so a call encoded here is what a dApp would send through Polkadot Hub's RPC).
pub mod abi {
    alloy_sol_types::sol!(
        #[sol(all_derives)]
        VideoNft,
        "../../../abi/ink/video_nft.abi"
    );
    alloy_sol_types::sol!(
        #[sol(all_derives)]
        VoteTally,
        "../../../abi/ink/vote_tally.abi"
    );
    alloy_sol_types::sol!(
        #[sol(all_derives)]
        MinerCollateral,
        "../../../abi/ink/miner_collateral.abi"
    );
    alloy_sol_types::sol!(
        #[sol(all_derives)]
        VideoShares,
        "../../../abi/ink/video_shares.abi"
    );
    alloy_sol_types::sol!(
        #[sol(all_derives)]
        AdRevenue,
        "../../../abi/ink/ad_revenue.abi"
    );
    alloy_sol_types::sol!(
        #[sol(all_derives)]
        TestWallet,
        "../../../abi/ink/test_wallet.abi"
    );
    alloy_sol_types::sol!(
        #[sol(all_derives)]
        StudioRouter,
        "../../../abi/ink/studio_router.abi"
    );

    /// The Solidity contracts' ABIs: where a signature is the same, a dApp written against the EVM
    /// contracts must be able to use the ink! ones unchanged.
    pub mod evm {
        alloy_sol_types::sol!(
            #[sol(all_derives)]
            VideoNft,
            "../../../abi/evm/VideoNft.json"
        );
        alloy_sol_types::sol!(
            #[sol(all_derives)]
            VideoShares,
            "../../../abi/evm/VideoShares.json"
        );
        alloy_sol_types::sol!(
            #[sol(all_derives)]
            AdRevenue,
            "../../../abi/evm/AdRevenue.json"
        );
        alloy_sol_types::sol!(
            #[sol(all_derives)]
            VoteTally,
            "../../../abi/evm/VoteTally.json"
        );
        alloy_sol_types::sol!(
            #[sol(all_derives)]
            MinerCollateral,
            "../../../abi/evm/MinerCollateral.json"
        );
        alloy_sol_types::sol!(
            #[sol(all_derives)]
            Mailbox,
            "../../../abi/evm/Mailbox.json"
        );
        /// Apart: its ABI names `IMailbox` (the message type) as the Mailbox's does.
        pub mod router {
            alloy_sol_types::sol!(
                #[sol(all_derives)]
                StudioRouter,
                "../../../abi/evm/StudioRouter.json"
            );
        }
    }
}

type Block = frame_system::mocking::MockBlock<Runtime>;

// A minimal Polkadot Hub: accounts, native balance, a clock and pallet-revive.
frame_support::construct_runtime!(
    pub enum Runtime {
        System: frame_system,
        Balances: pallet_balances,
        Timestamp: pallet_timestamp,
        Revive: pallet_revive,
    }
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Runtime {
    type Block = Block;
    type AccountId = AccountId32;
    type Lookup = IdentityLookup<AccountId32>;
    type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Runtime {
    type Balance = u128;
    type ExistentialDeposit = ConstU128<1>;
    type AccountStore = System;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Runtime {}

frame_support::parameter_types! {
    /// The EIP-155 chain id the runtime reports to contracts (pallet-revive's `chain_id`, the
    /// EVM's CHAINID): the devnet's, unless a test chain sets another with [`Chain::with_chain_id`].
    pub storage ChainId: u64 = DEVNET_CHAIN_ID;
}

#[derive_impl(pallet_revive::config_preludes::TestDefaultConfig)]
impl pallet_revive::Config for Runtime {
    type Time = Timestamp;
    type ChainId = ChainId;
    type AddressMapper = AccountId32Mapper<Self>;
    type Balance = u128;
    type Currency = Balances;
    // No storage deposits: native balances in tests move only by what the contracts transfer.
    type DepositPerByte = ConstU128<0>;
    type DepositPerItem = ConstU128<0>;
    type DepositPerChildTrieItem = ConstU128<0>;
    type UploadOrigin = frame_system::EnsureSigned<AccountId32>;
    type InstantiateOrigin = frame_system::EnsureSigned<AccountId32>;
}

/// Unix time, seconds, of the first block.
pub const GENESIS_TIME: u64 = 1_700_000_000;
/// The chain id of the local Polkadot Hub (`polkadot-hub-devnet`, `cargo xtask up`).
pub const DEVNET_CHAIN_ID: u64 = 420_420_420;
/// Native balance (12 decimals) of each dev account at genesis.
pub const DEV_BALANCE: u128 = 1 << 100;
/// Dev accounts funded at genesis: `Chain::account(0..DEV_ACCOUNTS)`.
pub const DEV_ACCOUNTS: u8 = 10;

/// Why a call or instantiation did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The contract reverted with this data (a Solidity custom error for these contracts).
    #[error("reverted with {0}")]
    Reverted(Bytes),
    /// The runtime refused or trapped (code rejected, out of gas, contract panic, ...).
    #[error("failed: {0}")]
    Failed(String),
}

impl CallError {
    /// The custom error of `E` this revert carries, if it is one.
    pub fn decode<E: SolInterface>(&self) -> Option<E> {
        match self {
            Self::Reverted(data) => E::abi_decode(data).ok(),
            Self::Failed(_) => None,
        }
    }
}

/// An in-process chain with pallet-revive and funded dev accounts.
pub struct Chain {
    ext: sp_io::TestExternalities,
    now: u64,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

impl Chain {
    /// Genesis: dev accounts funded, the clock at [`GENESIS_TIME`], the devnet's chain id.
    pub fn new() -> Self {
        Self::with_chain_id(DEVNET_CHAIN_ID)
    }

    /// [`Chain::new`] for a chain whose runtime reports `chain_id` to contracts.
    pub fn with_chain_id(chain_id: u64) -> Self {
        let mut storage = frame_system::GenesisConfig::<Runtime>::default().build_storage().expect("system genesis");
        let balances = (0..DEV_ACCOUNTS)
            .map(|i| (account_id(Self::account(i)), DEV_BALANCE))
            .chain([(Revive::checking_account(), DEV_BALANCE)])
            .collect();
        pallet_balances::GenesisConfig::<Runtime> { balances, ..Default::default() }
            .assimilate_storage(&mut storage)
            .expect("balances genesis");
        pallet_revive::GenesisConfig::<Runtime>::default().assimilate_storage(&mut storage).expect("revive genesis");
        let mut chain = Self { ext: sp_io::TestExternalities::new(storage), now: GENESIS_TIME };
        chain.ext.execute_with(|| {
            use frame_support::traits::OnGenesis;
            ChainId::set(&chain_id);
            Revive::on_genesis();
            System::set_block_number(1);
            Revive::map_account(RuntimeOrigin::signed(Revive::checking_account())).expect("map checking account");
        });
        chain.set_time(GENESIS_TIME);
        chain
    }

    /// Dev account `i` (funded when `i < DEV_ACCOUNTS`).
    pub fn account(i: u8) -> Address {
        Address::repeat_byte(0x10 + i)
    }

    /// The contract artifact `abi/ink/<name>.polkavm`.
    pub fn artifact(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../../abi/ink/{name}.polkavm"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask ink`)", path.display()))
    }

    /// Current block time, unix seconds.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Sets the block time (pallet-timestamp keeps milliseconds; contracts see seconds).
    pub fn set_time(&mut self, secs: u64) {
        self.now = secs;
        self.ext.execute_with(|| pallet_timestamp::Now::<Runtime>::put(secs * 1_000));
    }

    /// Moves the clock forward.
    pub fn warp(&mut self, secs: u64) {
        self.set_time(self.now + secs);
    }

    /// Sets the block number the contracts see.
    pub fn roll(&mut self, block: u64) {
        self.ext.execute_with(|| System::set_block_number(block));
    }

    /// Spendable balance of `who` in wei (18 decimals, as the contracts and the Ethereum RPC see it).
    pub fn balance(&mut self, who: Address) -> U256 {
        self.ext.execute_with(|| U256::from_be_bytes(Revive::evm_balance(&h160(who)).to_big_endian()))
    }

    /// Uploads `code` and instantiates it with the ABI-encoded constructor arguments `args`.
    pub fn deploy(&mut self, from: Address, code: Vec<u8>, args: Vec<u8>, value: U256) -> Result<Address, CallError> {
        self.ext.execute_with(|| {
            begin_transaction(from);
            let r = Revive::bare_instantiate(
                origin(from),
                sp_u256(value),
                limits(),
                Code::Upload(code),
                args,
                None,
                // `begin_transaction` bumped the nonce once already, as for any transaction.
                ExecConfig::new_substrate_tx_without_bump(),
            );
            let done = r.result.map_err(|e| CallError::Failed(format!("{e:?}")))?;
            if done.result.did_revert() {
                return Err(CallError::Reverted(done.result.data.into()));
            }
            Ok(Address::from(done.addr.0))
        })
    }

    /// Calls `to` with raw input; returns the output.
    pub fn call(&mut self, from: Address, to: Address, input: Vec<u8>, value: U256) -> Result<Vec<u8>, CallError> {
        self.ext.execute_with(|| {
            begin_transaction(from);
            let r = Revive::bare_call(
                origin(from),
                h160(to),
                sp_u256(value),
                limits(),
                input,
                ExecConfig::new_substrate_tx(),
            );
            let done = r.result.map_err(|e| CallError::Failed(format!("{e:?}")))?;
            if done.did_revert() {
                return Err(CallError::Reverted(done.data.into()));
            }
            Ok(done.data)
        })
    }

    /// Deploys from an Ethereum-style creation input: the PolkaVM blob, then the constructor
    /// arguments (how a deployment transaction carries them on Polkadot Hub).
    pub fn deploy_with_code(&mut self, from: Address, input: &[u8], value: U256) -> Result<Address, CallError> {
        let len = polkavm::ProgramBlob::blob_length(input)
            .map(|l| l as usize)
            .filter(|l| *l <= input.len())
            .ok_or_else(|| CallError::Failed("creation input does not start with a PolkaVM blob".into()))?;
        self.deploy(from, input[..len].to_vec(), input[len..].to_vec(), value)
    }

    /// Runs `f` and then forgets every storage change it made (an `eth_call`).
    pub fn dry_run<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        self.ext.execute_with(sp_io::storage::start_transaction);
        let r = f(self);
        self.ext.execute_with(sp_io::storage::rollback_transaction);
        r
    }

    /// Gives `who` `native` units of the native coin (12 decimals; the contracts and the Ethereum
    /// RPC see 18, pallet-revive converts).
    pub fn fund(&mut self, who: Address, native: u128) {
        self.ext.execute_with(|| {
            Balances::force_set_balance(RuntimeOrigin::root(), account_id(who), native).expect("root sets balances")
        });
    }

    /// The number of transactions `who` has sent (its next nonce).
    pub fn nonce(&mut self, who: Address) -> u64 {
        self.ext.execute_with(|| System::account_nonce(account_id(who)).into())
    }

    /// The code at `who`: a contract's PolkaVM blob, empty for an account.
    pub fn code(&mut self, who: Address) -> Vec<u8> {
        self.ext.execute_with(|| Revive::code(&h160(who)))
    }

    /// Sends `call` from `from` to `to` with `value` attached; decodes what it returns.
    pub fn send_value<C: SolCall>(
        &mut self,
        from: Address,
        to: Address,
        call: &C,
        value: U256,
    ) -> Result<C::Return, CallError> {
        let out = self.call(from, to, call.abi_encode(), value)?;
        C::abi_decode_returns(&out)
            .map_err(|e| CallError::Failed(format!("undecodable return of {}: {e}", C::SIGNATURE)))
    }

    /// Sends `call` from `from` to `to`.
    pub fn send<C: SolCall>(&mut self, from: Address, to: Address, call: &C) -> Result<C::Return, CallError> {
        self.send_value(from, to, call, U256::ZERO)
    }

    /// Sends `call` for its effects only (its return value, if any, is dropped).
    pub fn transact<C: SolCall>(&mut self, from: Address, to: Address, call: &C) -> Result<(), CallError> {
        self.send(from, to, call).map(drop)
    }

    /// A read: `call` from dev account 0, which must succeed.
    pub fn view<C: SolCall>(&mut self, to: Address, call: &C) -> C::Return {
        self.send(Self::account(0), to, call).unwrap_or_else(|e| panic!("{}: {e}", C::SIGNATURE))
    }

    /// The logs emitted since the last `take_logs`, oldest first.
    pub fn take_logs(&mut self) -> Vec<Log> {
        self.ext.execute_with(|| {
            let logs = System::events()
                .into_iter()
                .filter_map(|record| match record.event {
                    RuntimeEvent::Revive(pallet_revive::Event::ContractEmitted { contract, data, topics }) => {
                        let topics = topics.iter().map(|t: &H256| B256::from(t.0)).collect();
                        Some(Log {
                            address: Address::from(contract.0),
                            data: LogData::new_unchecked(topics, data.into()),
                        })
                    }
                    _ => None,
                })
                .collect();
            System::reset_events();
            logs
        })
    }
}

fn h160(a: Address) -> H160 {
    H160(a.0.0)
}

fn sp_u256(v: U256) -> sp_core::U256 {
    sp_core::U256::from_big_endian(&v.to_be_bytes::<32>())
}

/// The account pallet-revive maps to `a` without a `map_account` call (its "Ethereum-derived" form).
fn account_id(a: Address) -> AccountId32 {
    let mut id = [0xEE; 32];
    id[..20].copy_from_slice(a.as_slice());
    AccountId32::new(id)
}

fn origin(a: Address) -> RuntimeOrigin {
    RuntimeOrigin::signed(account_id(a))
}

/// What the `CheckNonce` extension does to a signed transaction before it runs (a contract's
/// address derives from its deployer's nonce).
fn begin_transaction(from: Address) {
    System::inc_account_nonce(account_id(from));
}

fn limits() -> TransactionLimits<Runtime> {
    TransactionLimits::WeightAndDeposit {
        weight_limit: Weight::from_parts(u64::MAX / 4, u64::MAX / 4),
        deposit_limit: 1 << 90,
    }
}
