//! The programs in Agave's runtime, one module per program, mirroring their forge tests. One test
//! binary: each links the whole SVM, which costs a minute per binary on a cold build.

mod ad_revenue;
mod mailbox;
mod miner_collateral;
mod video_nft;
mod vote_tally;
