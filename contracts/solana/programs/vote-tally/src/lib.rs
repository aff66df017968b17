//! VoteTally on Solana: the rules of `contracts/evm/src/VoteTally.sol`, the Solana way.
//!
//! - A round is a PDA (`["round", id]`) holding its window, weight mode, candidates and tallies.
//! - One vote per voter and round is a PDA too (`["ballot", round, voter]`): a second vote finds
//!   it written and fails with `AlreadyVoted`.
//! - Votes are signed by the voter and paid for by anyone: `vote` takes the voter and the payer
//!   (fee and ballot rent) as separate signers, so a relayer pays for a vote the voter signed
//!   offline. The transaction's recent blockhash is the deadline (about 60-90 s) and the runtime's
//!   signature dedup plus the ballot stop a replay; EVM's `voteBySig` nonces have no work left.
//! - Stake-weighted rounds read the voter's staked balance as it stood before the round opened,
//!   from checkpoints this program keeps on each stake position (ERC20Votes' `getPastVotes`; an SPL
//!   token has no history of its own). Stake moved after a round opens cannot change its weights.
//! - Every state change is an `emit_cpi!` event, which stays readable off-chain (inner
//!   instructions) where `emit!`'s log lines are truncated or dropped.

// Anchor's macros generate public modules and account structs without docs.
#![allow(missing_docs)]

use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

declare_id!("3W1vxEeVHJJ7nJ1u7dQCeu15U2uE6StdM1LBvy15uAme");

/// Most candidates in one round (bounds `finalize` and the round account).
pub const MAX_CANDIDATES: usize = 64;
/// Winner index reported when a round got no votes.
pub const NO_WINNER: u32 = u32::MAX;
/// Checkpoints kept per stake position: the weights of rounds that opened before the oldest one
/// kept are unknown, and such a vote is refused (`NoWeight`) rather than guessed.
pub const CHECKPOINTS: usize = 16;

/// Seeds of the program's accounts.
pub mod seeds {
    /// The one configuration account.
    pub const CONFIG: &[u8] = b"config";
    /// An organizer's grant: `["organizer", account]`.
    pub const ORGANIZER: &[u8] = b"organizer";
    /// A round: `["round", id as u64 little-endian]`.
    pub const ROUND: &[u8] = b"round";
    /// A voter's ballot in a round: `["ballot", id, voter]`.
    pub const BALLOT: &[u8] = b"ballot";
    /// A voter's stake position: `["stake", voter]`.
    pub const STAKE: &[u8] = b"stake";
    /// The token account holding all staked tokens, owned by the config PDA.
    pub const VAULT: &[u8] = b"vault";
}

#[program]
pub mod vote_tally {
    use super::*;

    /// Creates the configuration; the admin becomes the first organizer.
    pub fn initialize(ctx: Context<Initialize>) -> Result<()> {
        let config = &mut ctx.accounts.config;
        config.admin = ctx.accounts.admin.key();
        config.stake_mint = ctx.accounts.stake_mint.key();
        config.round_count = 0;
        config.bump = ctx.bumps.config;
        ctx.accounts.organizer.bump = ctx.bumps.organizer;
        emit_cpi!(OrganizerGranted { account: config.admin, by: config.admin });
        Ok(())
    }

    /// Lets `account` create rounds (the EVM suite's ORGANIZER_ROLE). Admin only.
    pub fn grant_organizer(ctx: Context<GrantOrganizer>, account: Pubkey) -> Result<()> {
        ctx.accounts.organizer.bump = ctx.bumps.organizer;
        emit_cpi!(OrganizerGranted { account, by: ctx.accounts.admin.key() });
        Ok(())
    }

    /// Withdraws an organizer's grant (its rent goes back to the admin). Admin only.
    pub fn revoke_organizer(ctx: Context<RevokeOrganizer>, account: Pubkey) -> Result<()> {
        emit_cpi!(OrganizerRevoked { account, by: ctx.accounts.admin.key() });
        Ok(())
    }

    /// Creates round `config.round_count + 1` over `candidates` (2..=64 distinct non-zero ids),
    /// open over `[start, end)`; a start in the past opens it now.
    pub fn create_round(
        ctx: Context<CreateRound>,
        candidates: Vec<[u8; 32]>,
        start: i64,
        end: i64,
        mode: WeightMode,
    ) -> Result<()> {
        let n = candidates.len();
        require!((2..=MAX_CANDIDATES).contains(&n), VoteTallyError::InvalidCandidates);
        for (i, id) in candidates.iter().enumerate() {
            require!(*id != [0; 32], VoteTallyError::InvalidCandidates);
            if let Some(first) = candidates[..i].iter().position(|c| c == id) {
                msg!("candidate {} repeats candidate {}", i, first);
                return err!(VoteTallyError::DuplicateCandidate);
            }
        }
        let now = Clock::get()?.unix_timestamp;
        let start = start.max(now);
        require!(end > start, VoteTallyError::InvalidWindow);
        let config = &mut ctx.accounts.config;
        config.round_count += 1;
        let round = &mut ctx.accounts.round;
        round.id = config.round_count;
        round.start = start;
        round.end = end;
        round.mode = mode;
        round.finalized = false;
        round.winner = NO_WINNER;
        round.tallies = vec![0; n];
        round.candidates = candidates.clone();
        round.bump = ctx.bumps.round;
        emit_cpi!(RoundCreated {
            round_id: round.id,
            organizer: ctx.accounts.organizer_signer.key(),
            start,
            end,
            mode,
            candidates,
        });
        Ok(())
    }

    /// Casts `voter`'s vote for the candidate at index `candidate`. `payer` pays the fee and the
    /// ballot's rent: the voter itself, or a relayer carrying a transaction the voter signed.
    pub fn vote(ctx: Context<Vote>, round_id: u64, candidate: u32) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let round = &mut ctx.accounts.round;
        require!(now >= round.start, VoteTallyError::NotStarted);
        require!(now < round.end && !round.finalized, VoteTallyError::Ended);
        require!((candidate as usize) < round.candidates.len(), VoteTallyError::UnknownCandidate);
        let ballot = &mut ctx.accounts.ballot;
        require!(!ballot.cast, VoteTallyError::AlreadyVoted);
        let weight = match round.mode {
            WeightMode::OneAccountOneVote => 1,
            WeightMode::StakeWeighted => {
                let info = ctx.accounts.stake.as_ref().ok_or(VoteTallyError::NoWeight)?;
                require_keys_eq!(*info.owner, crate::ID, VoteTallyError::NoWeight);
                let data = info.try_borrow_data()?;
                let position =
                    StakePosition::try_deserialize(&mut &data[..]).map_err(|_| error!(VoteTallyError::NoWeight))?;
                require_keys_eq!(position.owner, ctx.accounts.voter.key(), VoteTallyError::NoWeight);
                position.amount_before(round.start).unwrap_or(0)
            }
        };
        require!(weight > 0, VoteTallyError::NoWeight);
        ballot.cast = true;
        ballot.candidate = candidate;
        ballot.weight = weight;
        ballot.bump = ctx.bumps.ballot;
        let tally = &mut round.tallies[candidate as usize];
        *tally = tally.checked_add(weight).ok_or(VoteTallyError::Overflow)?;
        emit_cpi!(VoteCast { round_id, voter: ctx.accounts.voter.key(), candidate, weight });
        Ok(())
    }

    /// A relayer's entry `index` of a batch: `vote`, except that a voter who has voted already
    /// (directly, or by another relayer that got there first) is reported with `SignedVoteRejected`
    /// and skipped instead of failing the whole transaction, so no one can sink a relayer's batch
    /// by front-running one of its voters (the review's F5). Everything else fails as `vote` does:
    /// the relayer can check it before sending, and a front-runner cannot change it.
    pub fn relay_vote(ctx: Context<Vote>, round_id: u64, candidate: u32, index: u32) -> Result<()> {
        if ctx.accounts.ballot.cast {
            let voter = ctx.accounts.voter.key();
            emit_cpi!(SignedVoteRejected { round_id, voter, index, reason: b"AlreadyVoted".to_vec() });
            return Ok(());
        }
        vote(ctx, round_id, candidate)
    }

    /// Closes a round after its end and records the winner (ties go to the lowest index). Anyone
    /// may call it.
    pub fn finalize(ctx: Context<Finalize>, round_id: u64) -> Result<()> {
        let round = &mut ctx.accounts.round;
        require!(!round.finalized, VoteTallyError::AlreadyFinalized);
        require!(Clock::get()?.unix_timestamp >= round.end, VoteTallyError::NotEnded);
        let (mut best, mut total, mut tied, mut winner) = (0u64, 0u64, false, NO_WINNER);
        for (i, &t) in round.tallies.iter().enumerate() {
            total = total.checked_add(t).ok_or(VoteTallyError::Overflow)?;
            if t > best {
                (best, winner, tied) = (t, i as u32, false);
            } else if t == best && t != 0 {
                tied = true;
            }
        }
        round.finalized = true;
        round.winner = winner;
        emit_cpi!(RoundFinalized { round_id, winner, winning_tally: best, total_weight: total, tied });
        Ok(())
    }

    /// Moves `amount` stake tokens from the owner into the vault; they weigh rounds that open
    /// after this second.
    pub fn stake(ctx: Context<Stake>, amount: u64) -> Result<()> {
        require!(amount > 0, VoteTallyError::ZeroAmount);
        let position = &mut ctx.accounts.position;
        position.owner = ctx.accounts.owner.key();
        position.bump = ctx.bumps.position;
        let balance = position.amount.checked_add(amount).ok_or(VoteTallyError::Overflow)?;
        position.record(Clock::get()?.unix_timestamp, balance);
        let a = &ctx.accounts;
        tfx_solana_vault::pull(&a.token_program, &a.owner_tokens, &a.stake_mint, &a.vault, &a.owner, amount)?;
        emit_cpi!(Staked { owner: ctx.accounts.owner.key(), amount, balance });
        Ok(())
    }

    /// Moves `amount` stake tokens from the vault back to the owner.
    pub fn unstake(ctx: Context<Unstake>, amount: u64) -> Result<()> {
        require!(amount > 0, VoteTallyError::ZeroAmount);
        let position = &mut ctx.accounts.position;
        let balance = position.amount.checked_sub(amount).ok_or(VoteTallyError::InsufficientStake)?;
        position.record(Clock::get()?.unix_timestamp, balance);
        let a = &ctx.accounts;
        let config = a.config.to_account_info();
        tfx_solana_vault::pay(
            &a.token_program,
            &a.vault,
            &a.stake_mint,
            &a.owner_tokens,
            config,
            a.config.bump,
            amount,
        )?;
        emit_cpi!(Unstaked { owner: ctx.accounts.owner.key(), amount, balance });
        Ok(())
    }
}

/// How a round weighs votes (the EVM suite's `WeightMode`, same order).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum WeightMode {
    /// Every voter counts 1.
    OneAccountOneVote,
    /// A voter counts its staked balance as it stood before the round opened.
    StakeWeighted,
}

/// The program's configuration.
#[account]
#[derive(InitSpace)]
pub struct Config {
    /// Grants and revokes organizers.
    pub admin: Pubkey,
    /// The SPL mint staked for stake-weighted rounds.
    pub stake_mint: Pubkey,
    /// Rounds ever created; ids run from 1.
    pub round_count: u64,
    /// The PDA's bump.
    pub bump: u8,
}

/// An organizer's grant; its existence is the grant.
#[account]
#[derive(InitSpace)]
pub struct Organizer {
    /// The PDA's bump.
    pub bump: u8,
}

/// A voting round.
#[account]
#[derive(InitSpace)]
pub struct Round {
    /// The round's id.
    pub id: u64,
    /// First second of voting.
    pub start: i64,
    /// First second after voting.
    pub end: i64,
    /// How votes are weighted.
    pub mode: WeightMode,
    /// Set by `finalize`.
    pub finalized: bool,
    /// The winning index after `finalize`, else [`NO_WINNER`].
    pub winner: u32,
    /// Video ids or prompt hashes; votes name them by index.
    #[max_len(MAX_CANDIDATES)]
    pub candidates: Vec<[u8; 32]>,
    /// Weight cast per candidate, in candidate order.
    #[max_len(MAX_CANDIDATES)]
    pub tallies: Vec<u64>,
    /// The PDA's bump.
    pub bump: u8,
}

impl Round {
    /// The account's size for `n` candidates (rounds are sized to their candidates, not to 64).
    pub fn space(n: usize) -> usize {
        8 + Round::INIT_SPACE - (MAX_CANDIDATES - n) * (32 + 8)
    }
}

/// A voter's ballot in one round.
#[account]
#[derive(InitSpace)]
pub struct Ballot {
    /// Whether the vote was cast (the account is created by the vote itself).
    pub cast: bool,
    /// The candidate voted for.
    pub candidate: u32,
    /// The weight it counted.
    pub weight: u64,
    /// The PDA's bump.
    pub bump: u8,
}

/// One entry of a stake position's history.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace)]
pub struct Checkpoint {
    /// The second from which `amount` was staked.
    pub since: i64,
    /// The staked balance from then on.
    pub amount: u64,
}

/// A voter's staked balance and its recent history.
#[account]
#[derive(InitSpace)]
pub struct StakePosition {
    /// The staker.
    pub owner: Pubkey,
    /// The staked balance now.
    pub amount: u64,
    /// The newest [`CHECKPOINTS`] balances, oldest first.
    #[max_len(CHECKPOINTS)]
    pub history: Vec<Checkpoint>,
    /// The PDA's bump.
    pub bump: u8,
}

impl StakePosition {
    /// Records the balance `amount` from second `now` on, dropping the oldest entry when full.
    /// Two changes in one second keep one entry, as ERC20Votes does per timepoint.
    fn record(&mut self, now: i64, amount: u64) {
        self.amount = amount;
        match self.history.last_mut() {
            Some(last) if last.since == now => last.amount = amount,
            _ => {
                if self.history.len() == CHECKPOINTS {
                    self.history.remove(0);
                }
                self.history.push(Checkpoint { since: now, amount });
            }
        }
    }

    /// The balance staked during the second before `start`: `None` when that is older than the
    /// history kept. A position created after that second had nothing staked then.
    pub fn amount_before(&self, start: i64) -> Option<u64> {
        let at = start - 1;
        match self.history.iter().rposition(|c| c.since <= at) {
            Some(i) => Some(self.history[i].amount),
            None if self.history.len() < CHECKPOINTS => Some(0),
            None => None,
        }
    }
}

/// Accounts of [`vote_tally::initialize`].
#[event_cpi]
#[derive(Accounts)]
pub struct Initialize<'info> {
    /// Pays for the accounts and becomes the admin.
    #[account(mut)]
    pub admin: Signer<'info>,
    /// The configuration.
    #[account(init, payer = admin, space = 8 + Config::INIT_SPACE, seeds = [seeds::CONFIG], bump)]
    pub config: Account<'info, Config>,
    /// The admin's organizer grant.
    #[account(init, payer = admin, space = 8 + Organizer::INIT_SPACE, seeds = [seeds::ORGANIZER, admin.key().as_ref()], bump)]
    pub organizer: Account<'info, Organizer>,
    /// The stake token.
    pub stake_mint: Account<'info, Mint>,
    /// Holds all staked tokens; its authority is the config PDA.
    #[account(
        init,
        payer = admin,
        seeds = [seeds::VAULT],
        bump,
        token::mint = stake_mint,
        token::authority = config,
    )]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`vote_tally::grant_organizer`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(account: Pubkey)]
pub struct GrantOrganizer<'info> {
    /// The admin, paying the grant's rent.
    #[account(mut)]
    pub admin: Signer<'info>,
    /// The configuration, naming the admin.
    #[account(seeds = [seeds::CONFIG], bump = config.bump, has_one = admin @ VoteTallyError::Unauthorized)]
    pub config: Account<'info, Config>,
    /// The new grant.
    #[account(init, payer = admin, space = 8 + Organizer::INIT_SPACE, seeds = [seeds::ORGANIZER, account.as_ref()], bump)]
    pub organizer: Account<'info, Organizer>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`vote_tally::revoke_organizer`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(account: Pubkey)]
pub struct RevokeOrganizer<'info> {
    /// The admin, refunded the grant's rent.
    #[account(mut)]
    pub admin: Signer<'info>,
    /// The configuration, naming the admin.
    #[account(seeds = [seeds::CONFIG], bump = config.bump, has_one = admin @ VoteTallyError::Unauthorized)]
    pub config: Account<'info, Config>,
    /// The grant withdrawn.
    #[account(mut, close = admin, seeds = [seeds::ORGANIZER, account.as_ref()], bump = organizer.bump)]
    pub organizer: Account<'info, Organizer>,
}

/// Accounts of [`vote_tally::create_round`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(candidates: Vec<[u8; 32]>)]
pub struct CreateRound<'info> {
    /// The organizer creating the round.
    pub organizer_signer: Signer<'info>,
    /// Its grant: a missing one fails as an account that is not initialized.
    #[account(seeds = [seeds::ORGANIZER, organizer_signer.key().as_ref()], bump = organizer.bump)]
    pub organizer: Account<'info, Organizer>,
    /// Pays the round's rent.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The configuration (its round counter).
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The new round.
    #[account(
        init,
        payer = payer,
        space = Round::space(candidates.len().min(MAX_CANDIDATES)),
        seeds = [seeds::ROUND, &(config.round_count + 1).to_le_bytes()],
        bump,
    )]
    pub round: Account<'info, Round>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`vote_tally::vote`] and [`vote_tally::relay_vote`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(round_id: u64)]
pub struct Vote<'info> {
    /// The voter; its signature is the vote's authorization.
    pub voter: Signer<'info>,
    /// Pays the fee and the ballot's rent: the voter or a relayer.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The round.
    #[account(mut, seeds = [seeds::ROUND, &round_id.to_le_bytes()], bump = round.bump)]
    pub round: Account<'info, Round>,
    /// The voter's ballot, created by its first vote.
    #[account(
        init_if_needed,
        payer = payer,
        space = 8 + Ballot::INIT_SPACE,
        seeds = [seeds::BALLOT, &round_id.to_le_bytes(), voter.key().as_ref()],
        bump,
    )]
    pub ballot: Account<'info, Ballot>,
    /// The voter's stake position, for stake-weighted rounds. Passed unchecked so that a voter
    /// who never staked gets `NoWeight` rather than a missing-account error.
    /// CHECK: its address is the voter's position PDA; its owner and type are checked on use.
    #[account(seeds = [seeds::STAKE, voter.key().as_ref()], bump)]
    pub stake: Option<UncheckedAccount<'info>>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`vote_tally::finalize`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(round_id: u64)]
pub struct Finalize<'info> {
    /// The round.
    #[account(mut, seeds = [seeds::ROUND, &round_id.to_le_bytes()], bump = round.bump)]
    pub round: Account<'info, Round>,
}

/// Accounts of [`vote_tally::stake`].
#[event_cpi]
#[derive(Accounts)]
pub struct Stake<'info> {
    /// The staker.
    #[account(mut)]
    pub owner: Signer<'info>,
    /// The configuration (its stake mint).
    #[account(seeds = [seeds::CONFIG], bump = config.bump, has_one = stake_mint)]
    pub config: Account<'info, Config>,
    /// The staker's position.
    #[account(
        init_if_needed,
        payer = owner,
        space = 8 + StakePosition::INIT_SPACE,
        seeds = [seeds::STAKE, owner.key().as_ref()],
        bump,
    )]
    pub position: Account<'info, StakePosition>,
    /// The stake token.
    pub stake_mint: Account<'info, Mint>,
    /// The staker's tokens.
    #[account(mut, token::mint = stake_mint, token::authority = owner)]
    pub owner_tokens: Account<'info, TokenAccount>,
    /// The vault.
    #[account(mut, seeds = [seeds::VAULT], bump)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`vote_tally::unstake`].
#[event_cpi]
#[derive(Accounts)]
pub struct Unstake<'info> {
    /// The staker.
    pub owner: Signer<'info>,
    /// The configuration: the vault's authority.
    #[account(seeds = [seeds::CONFIG], bump = config.bump, has_one = stake_mint)]
    pub config: Account<'info, Config>,
    /// The staker's position.
    #[account(mut, seeds = [seeds::STAKE, owner.key().as_ref()], bump = position.bump, has_one = owner)]
    pub position: Account<'info, StakePosition>,
    /// The stake token.
    pub stake_mint: Account<'info, Mint>,
    /// Receives the tokens.
    #[account(mut, token::mint = stake_mint)]
    pub owner_tokens: Account<'info, TokenAccount>,
    /// The vault.
    #[account(mut, seeds = [seeds::VAULT], bump)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
}

/// An account may now create rounds.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct OrganizerGranted {
    /// The organizer.
    pub account: Pubkey,
    /// The admin who granted it.
    pub by: Pubkey,
}

/// An account may no longer create rounds.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct OrganizerRevoked {
    /// The former organizer.
    pub account: Pubkey,
    /// The admin who revoked it.
    pub by: Pubkey,
}

/// A round was created (the EVM suite's `RoundCreated`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct RoundCreated {
    /// The round's id.
    pub round_id: u64,
    /// Its organizer.
    pub organizer: Pubkey,
    /// First second of voting.
    pub start: i64,
    /// First second after voting.
    pub end: i64,
    /// How votes are weighted.
    pub mode: WeightMode,
    /// The candidates in index order.
    pub candidates: Vec<[u8; 32]>,
}

/// A vote was cast (the EVM suite's `VoteCast`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct VoteCast {
    /// The round.
    pub round_id: u64,
    /// The voter.
    pub voter: Pubkey,
    /// The candidate's index.
    pub candidate: u32,
    /// The weight counted.
    pub weight: u64,
}

/// A relayed batch entry was skipped (the EVM suite's `SignedVoteRejected`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct SignedVoteRejected {
    /// The round.
    pub round_id: u64,
    /// The voter.
    pub voter: Pubkey,
    /// The entry's index in its batch.
    pub index: u32,
    /// Why, by the program error's name (`AlreadyVoted`).
    pub reason: Vec<u8>,
}

/// A round was closed (the EVM suite's `RoundFinalized`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct RoundFinalized {
    /// The round.
    pub round_id: u64,
    /// The winning index, or [`NO_WINNER`].
    pub winner: u32,
    /// The winner's tally.
    pub winning_tally: u64,
    /// The sum of all tallies.
    pub total_weight: u64,
    /// Whether another candidate had the winning tally too.
    pub tied: bool,
}

/// Stake tokens went into the vault.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct Staked {
    /// The staker.
    pub owner: Pubkey,
    /// The amount moved.
    pub amount: u64,
    /// The staked balance after it.
    pub balance: u64,
}

/// Stake tokens came out of the vault.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct Unstaked {
    /// The staker.
    pub owner: Pubkey,
    /// The amount moved.
    pub amount: u64,
    /// The staked balance after it.
    pub balance: u64,
}

/// The program's errors, named as the EVM suite's `VoteTally*` errors.
#[error_code]
pub enum VoteTallyError {
    /// Fewer than 2 or more than 64 candidates, or a zero id.
    #[msg("a round needs 2 to 64 non-zero candidates")]
    InvalidCandidates,
    /// A candidate id appears twice.
    #[msg("a candidate appears twice")]
    DuplicateCandidate,
    /// The window ends at or before its start.
    #[msg("the round must end after it starts")]
    InvalidWindow,
    /// The candidate index is out of range.
    #[msg("no such candidate in this round")]
    UnknownCandidate,
    /// The round has not opened yet.
    #[msg("the round has not started")]
    NotStarted,
    /// The round is over (or finalized).
    #[msg("the round has ended")]
    Ended,
    /// The round is still open.
    #[msg("the round has not ended")]
    NotEnded,
    /// The round was finalized already.
    #[msg("the round is already finalized")]
    AlreadyFinalized,
    /// The voter voted in this round already.
    #[msg("this voter already voted in this round")]
    AlreadyVoted,
    /// The voter had no stake before the round opened.
    #[msg("the voter had no stake when the round opened")]
    NoWeight,
    /// The signer is not the admin.
    #[msg("only the admin may do this")]
    Unauthorized,
    /// Zero tokens.
    #[msg("the amount must not be zero")]
    ZeroAmount,
    /// More than the staked balance.
    #[msg("the amount exceeds the staked balance")]
    InsufficientStake,
    /// A sum overflowed u64.
    #[msg("arithmetic overflow")]
    Overflow,
}
