#![cfg_attr(not(feature = "std"), no_std, no_main)]

//! A contract wallet, for the pallet-revive sandbox tests only (never deployed by `tfx-deploy`):
//! what a multisig or a DAO is to the suite. Its owner makes it call any contract (`forward`), so
//! the suite sees a contract as `msg.sender`; it has no payable fallback, so, like most contract
//! wallets on Polkadot Hub, it cannot take a plain native transfer; and its NFT and share receiver
//! hooks accept, or revert with data, without data, or answer a wrong selector, as its owner sets.
//! As a Mailbox's recipient (`handle`) it records what was delivered to it, as Mailbox.t.sol's
//! `Recorder` does, and dispatches through `forward`.

#[ink::contract]
pub mod test_wallet {
    use ink::U256;
    use ink::prelude::vec::Vec;
    use ink::sol::{DynBytes, FixedBytes};
    use tfx_ink_sol::Revert;
    use tfx_ink_sol::interfaces::{ERC721_RECEIVED, ERC1155_BATCH_RECEIVED, ERC1155_RECEIVED};

    /// How the receiver hooks answer.
    pub const ACCEPT: u8 = 0;
    /// Revert with `WalletRefused()`.
    pub const REVERT_WITH_DATA: u8 = 1;
    /// Revert with no data.
    pub const REVERT_EMPTY: u8 = 2;
    /// Return a selector that is not the hook's.
    pub const WRONG_SELECTOR: u8 = 3;

    /// The wallet's errors.
    #[derive(Debug, PartialEq, Eq)]
    #[ink::error]
    pub enum Error {
        /// Only the owner may do this.
        WalletNotOwner(Address),
        /// The receiver hook refuses, as configured.
        WalletRefused,
    }

    /// The contract.
    #[ink(storage)]
    pub struct TestWallet {
        owner: Address,
        answer: u8,
        handled: u32,
        last_handled: (Address, u64, u8, Vec<u8>),
    }

    impl TestWallet {
        /// A wallet owned by the caller, accepting NFTs and shares.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                owner: Self::env().caller(),
                answer: ACCEPT,
                handled: 0,
                last_handled: (Address::zero(), 0, 0, Vec::new()),
            }
        }

        /// Calls `target` with `data` and `value` (from the wallet's balance); a revert's data is
        /// the wallet's revert.
        #[ink(message)]
        pub fn forward(&mut self, target: Address, data: DynBytes, value: U256) -> Result<DynBytes, Error> {
            self.only_owner()?;
            match raw_call(target, &data.0, value) {
                Ok(out) => Ok(DynBytes(out)),
                Err(revert) => revert.bubble(),
            }
        }

        /// Sets how the receiver hooks answer (`ACCEPT`, `REVERT_WITH_DATA`, `REVERT_EMPTY`,
        /// `WRONG_SELECTOR`).
        #[ink(message, name = "setAnswer")]
        pub fn set_answer(&mut self, answer: u8) -> Result<(), Error> {
            self.only_owner()?;
            self.answer = answer;
            Ok(())
        }

        /// `IERC721Receiver`.
        #[ink(message, name = "onERC721Received")]
        pub fn on_erc721_received(
            &mut self,
            _operator: Address,
            _from: Address,
            _token_id: U256,
            _data: DynBytes,
        ) -> Result<FixedBytes<4>, Error> {
            self.answer_with(ERC721_RECEIVED)
        }

        /// `IERC1155Receiver`, one id.
        #[ink(message, name = "onERC1155Received")]
        pub fn on_erc1155_received(
            &mut self,
            _operator: Address,
            _from: Address,
            _id: U256,
            _value: U256,
            _data: DynBytes,
        ) -> Result<FixedBytes<4>, Error> {
            self.answer_with(ERC1155_RECEIVED)
        }

        /// `IERC1155Receiver`, several ids.
        #[ink(message, name = "onERC1155BatchReceived")]
        pub fn on_erc1155_batch_received(
            &mut self,
            _operator: Address,
            _from: Address,
            _ids: Vec<U256>,
            _values: Vec<U256>,
            _data: DynBytes,
        ) -> Result<FixedBytes<4>, Error> {
            self.answer_with(ERC1155_BATCH_RECEIVED)
        }

        /// `IMessageRecipient`: records the message (reverts with `WalletRefused()` when the answer
        /// is `REVERT_WITH_DATA`).
        #[ink(message)]
        pub fn handle(&mut self, origin: u64, message_type: u8, body: DynBytes) -> Result<(), Error> {
            if self.answer == REVERT_WITH_DATA {
                return Err(Error::WalletRefused);
            }
            self.handled += 1;
            self.last_handled = (self.env().caller(), origin, message_type, body.0);
            Ok(())
        }

        /// Messages handled so far.
        #[ink(message)]
        pub fn handled(&self) -> u32 {
            self.handled
        }

        /// The last message handled: (caller, origin, type, body).
        #[ink(message, name = "lastHandled")]
        pub fn last_handled(&self) -> tfx_ink_sol::Outputs<(Address, u64, u8, DynBytes)> {
            let (caller, origin, t, body) = self.last_handled.clone();
            tfx_ink_sol::Outputs((caller, origin, t, DynBytes(body)))
        }

        fn answer_with(&self, selector: [u8; 4]) -> Result<FixedBytes<4>, Error> {
            match self.answer {
                REVERT_WITH_DATA => Err(Error::WalletRefused),
                REVERT_EMPTY => Revert(Vec::new()).bubble(),
                WRONG_SELECTOR => Ok(FixedBytes([0xde, 0xad, 0xbe, 0xef])),
                _ => Ok(FixedBytes(selector)),
            }
        }

        fn only_owner(&self) -> Result<(), Error> {
            let caller = self.env().caller();
            if caller != self.owner {
                return Err(Error::WalletNotOwner(caller));
            }
            Ok(())
        }
    }

    impl Default for TestWallet {
        fn default() -> Self {
            Self::new()
        }
    }

    /// A call with raw input: the wallet forwards bytes it does not interpret.
    #[cfg(target_arch = "riscv64")]
    fn raw_call(target: Address, input: &[u8], value: U256) -> Result<Vec<u8>, Revert> {
        use pallet_revive_uapi::{CallFlags, HostFn, HostFnImpl, ReturnErrorCode};
        let callee: [u8; 20] = target.0;
        let value = value.to_little_endian();
        let result =
            HostFnImpl::call(CallFlags::empty(), &callee, u64::MAX, u64::MAX, &[u8::MAX; 32], &value, input, None);
        let mut out = ink::prelude::vec![0u8; HostFnImpl::return_data_size() as usize];
        HostFnImpl::return_data_copy(&mut &mut out[..], 0);
        match result {
            Ok(()) => Ok(out),
            Err(ReturnErrorCode::CalleeReverted) => Err(Revert(out)),
            Err(_) => Err(Revert(Vec::new())),
        }
    }

    /// ink!'s off-chain engine runs no other contract.
    #[cfg(not(target_arch = "riscv64"))]
    fn raw_call(_target: Address, _input: &[u8], _value: U256) -> Result<Vec<u8>, Revert> {
        Err(Revert(Vec::new()))
    }
}
