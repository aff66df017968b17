use crate::{Error, Result};
use alloy::network::EthereumWallet;
use alloy::primitives::Address;
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use tfx_abi::evm::{
    AdRevenue, FlixToken, Mailbox, MinerCollateral, StudioRouter, TestStablecoin, VideoNft, VideoShares, VoteTally,
};
use tfx_core::Deployment;

/// Connects to `rpc_url` with `signer` and checks the chain id when one is expected.
pub async fn connect(
    rpc_url: &str,
    expected_chain_id: Option<u64>,
    signer: PrivateKeySigner,
) -> Result<(DynProvider, u64)> {
    let url = rpc_url.parse().map_err(|e| Error::Rpc { url: rpc_url.into(), message: format!("invalid URL: {e}") })?;
    let provider = ProviderBuilder::new().wallet(EthereumWallet::from(signer)).connect_http(url).erased();
    let actual = provider
        .get_chain_id()
        .await
        .map_err(|e| Error::Rpc { url: rpc_url.into(), message: format!("unreachable: {e}") })?;
    if let Some(expected) = expected_chain_id
        && expected != actual
    {
        return Err(Error::WrongChain { url: rpc_url.into(), expected, actual });
    }
    Ok((provider, actual))
}

/// Handles to every contract of a deployed suite.
#[derive(Debug, Clone)]
pub struct Suite {
    /// Video NFTs.
    pub videos: VideoNft::VideoNftInstance<DynProvider>,
    /// Fractional shares.
    pub shares: VideoShares::VideoSharesInstance<DynProvider>,
    /// Voting rounds.
    pub tally: VoteTally::VoteTallyInstance<DynProvider>,
    /// Ad-revenue streams.
    pub ads: AdRevenue::AdRevenueInstance<DynProvider>,
    /// Miner collateral.
    pub collateral: MinerCollateral::MinerCollateralInstance<DynProvider>,
    /// Stake token; absent where the suite has none (the ink! suite on Polkadot Hub).
    pub flix: Option<FlixToken::FlixTokenInstance<DynProvider>>,
    /// Stream token (a TestStablecoin on devnets); absent where ads stream the native coin.
    pub stablecoin: Option<TestStablecoin::TestStablecoinInstance<DynProvider>>,
    /// The cross-chain Mailbox; absent where the suite has no cross-chain layer yet.
    pub mailbox: Option<Mailbox::MailboxInstance<DynProvider>>,
    /// What crosses chains and what arrivals did; absent with the Mailbox.
    pub router: Option<StudioRouter::StudioRouterInstance<DynProvider>>,
}

fn address(deployment: &Deployment, name: &str) -> Result<Address> {
    let raw = &deployment.contract(name)?.address;
    raw.parse().map_err(|_| Error::Address(raw.clone()))
}

fn optional(deployment: &Deployment, name: &str) -> Result<Option<Address>> {
    deployment.contracts.contains_key(name).then(|| address(deployment, name)).transpose()
}

impl Suite {
    /// Binds the contracts recorded in `deployment`.
    pub fn bind(deployment: &Deployment, provider: DynProvider) -> Result<Self> {
        let p = || provider.clone();
        Ok(Self {
            videos: VideoNft::new(address(deployment, "VideoNft")?, p()),
            shares: VideoShares::new(address(deployment, "VideoShares")?, p()),
            tally: VoteTally::new(address(deployment, "VoteTally")?, p()),
            ads: AdRevenue::new(address(deployment, "AdRevenue")?, p()),
            collateral: MinerCollateral::new(address(deployment, "MinerCollateral")?, p()),
            flix: optional(deployment, "FlixToken")?.map(|a| FlixToken::new(a, p())),
            stablecoin: optional(deployment, "Stablecoin")?.map(|a| TestStablecoin::new(a, p())),
            mailbox: optional(deployment, "Mailbox")?.map(|a| Mailbox::new(a, p())),
            router: optional(deployment, "StudioRouter")?.map(|a| StudioRouter::new(a, p())),
        })
    }
}
