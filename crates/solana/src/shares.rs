//! VideoShares' instructions. Each moves a video's shares and reports the move to AdRevenue, and
//! fractionalizing and redeeming also move the video in VideoNft: their accounts span three
//! programs, and IDL resolution alone cannot name the ones without seeds in VideoShares' IDL
//! (another program checks them).

use crate::idl::hex;
use crate::{Error, Idl, Instruction, Pubkey};
use serde_json::json;

/// The three programs a share instruction names, with their committed IDLs.
#[derive(Debug, Clone)]
pub struct Shares {
    /// VideoShares.
    pub shares: Idl,
    /// VideoNft.
    pub videos: Idl,
    /// AdRevenue.
    pub ads: Idl,
}

impl Default for Shares {
    fn default() -> Self {
        Self { shares: Idl::video_shares(), videos: Idl::video_nft(), ads: Idl::ad_revenue() }
    }
}

impl Shares {
    /// VideoShares' config PDA, which holds fractionalized videos.
    pub fn custody(&self) -> Pubkey {
        self.shares.pda(&[b"config"])
    }

    /// `video`'s share supply.
    pub fn supply(&self, video: &[u8; 32]) -> Pubkey {
        self.shares.pda(&[b"video", video])
    }

    /// `holder`'s shares of `video`.
    pub fn holding(&self, video: &[u8; 32], holder: &Pubkey) -> Pubkey {
        self.shares.pda(&[b"shares", video, &holder.0])
    }

    /// `owner` locks `video` and receives `supply` shares: VideoNft's `approve` of the custodian,
    /// then `fractionalize`, to be sent in one transaction so that no approval outlives it.
    pub fn fractionalize(&self, owner: &Pubkey, video: &[u8; 32], supply: u64) -> Result<[Instruction; 2], Error> {
        let id = hex(video);
        let args = json!({ "video_id": id, "operator": self.custody() });
        let approve = self.videos.instruction("approve", &args, &[("owner", *owner)])?;
        let mut accounts = self.custody_move(video, owner);
        accounts.push(("owner", *owner));
        let args = json!({ "video_id": id, "supply": supply });
        Ok([approve, self.shares.instruction("fractionalize", &args, &accounts)?])
    }

    /// `holder` sends `amount` of its shares of `video` to `to`.
    pub fn transfer(&self, holder: &Pubkey, video: &[u8; 32], to: &Pubkey, amount: u64) -> Result<Instruction, Error> {
        let mut accounts = self.revenue_accounts(video);
        accounts.push(("holder", *holder));
        let args = json!({ "video_id": hex(video), "to": to, "amount": amount });
        self.shares.instruction("transfer", &args, &accounts)
    }

    /// `holder`, holding the whole supply, burns it and takes `video` back.
    pub fn redeem(&self, holder: &Pubkey, video: &[u8; 32]) -> Result<Instruction, Error> {
        let mut accounts = self.custody_move(video, &self.custody());
        accounts.push(("holder", *holder));
        self.shares.instruction("redeem", &json!({ "video_id": hex(video) }), &accounts)
    }

    /// AdRevenue's accounts every VideoShares instruction names.
    fn revenue_accounts(&self, video: &[u8; 32]) -> Vec<(&'static str, Pubkey)> {
        vec![
            ("revenue.config", self.ads.pda(&[b"config"])),
            ("revenue.record", self.ads.pda(&[b"video", video])),
            ("revenue.events", self.ads.event_authority()),
        ]
    }

    /// The accounts of a move of `video`, owned by `owner`, into or out of custody: VideoNft's,
    /// and AdRevenue's, which VideoNft's transfer reports to.
    fn custody_move(&self, video: &[u8; 32], owner: &Pubkey) -> Vec<(&'static str, Pubkey)> {
        let mut accounts = self.revenue_accounts(video);
        accounts.extend([
            ("nft.config", self.videos.pda(&[b"config"])),
            ("nft.video", self.videos.pda(&[b"video", video])),
            ("nft.seller_credit", self.ads.pda(&[b"credit", video, &owner.0])),
            ("nft.events", self.videos.event_authority()),
        ]);
        accounts
    }
}
