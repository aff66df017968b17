// The indexer API (indexer/openapi.json): typed reads, and its `{"error": {"message"}}` bodies
// turned into errors a page can show as they are.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface ChainStatus {
  chain_id: number;
  name: string;
  head_block: number;
  indexed_block: number;
  lag_blocks: number;
  status: string;
  error: string | null;
  ad_token: string | null;
  ad_symbol: string | null;
  ad_decimals: number | null;
  collateral_asset: string | null;
  collateral_symbol: string | null;
  collateral_decimals: number | null;
}

export interface Video {
  chain_id: number;
  video_id: string;
  creator: string;
  content_hash: string;
  playback_id: string;
  royalty_bps: number;
  minted_block: number;
  minted_time: number | null;
  owner: string;
  share_supply: string;
  fractionalized: boolean;
  cumulative_revenue: string;
}

export interface Holder {
  holder: string;
  balance: string;
}

export interface Valuation {
  block_number: number;
  block_time: number | null;
  campaign_id: string;
  amount: string;
  cumulative_revenue: string;
}

export interface VideoDetail {
  video: Video;
  holders: Holder[];
  more_holders: boolean;
  valuation_history: Valuation[];
  cross_chain: {
    home_chain: number | null;
    registered_on: number[];
    remote_valuations: { origin: number; cumulative_revenue: string; source_block: number }[];
    global_valuation: string;
    remote_history: { origin: number; cumulative_revenue: string; source_block: number; block_number: number; block_time: number | null }[];
  };
}

export interface Round {
  chain_id: number;
  round_id: string;
  organizer: string;
  start_time: number;
  end_time: number;
  weight_mode: string;
  candidates: number;
  voters: number;
  total_weight: string;
  finalized_block: number | null;
  winner: number | null;
  tied: boolean | null;
}

export interface Tally {
  candidate_index: number;
  candidate: string;
  votes: number;
  tally: string;
}

export interface RoundDetail {
  round: Round;
  tallies: Tally[];
  leader: number | null;
  mirrored_on: { chain_id: number; winner: number; total_weight: string; source_block: number }[];
}

export interface Campaign {
  chain_id: number;
  campaign_id: string;
  video_id: string;
  advertiser: string;
  rate_per_second: string;
  opened_block: number;
  opened_time: number | null;
  funded: string;
  settled: string;
  refunded: string;
  remaining: string;
  paused: boolean;
  cancelled: boolean;
}

export interface Revenue {
  video_id: string;
  claimable: string;
  claimed: string;
}

export interface Slash {
  chain_id: number;
  slash_id: string;
  miner: string;
  proposer: string;
  amount: string;
  reason: number;
  evidence_hash: string;
  proposed_block: number;
  proposed_time: number | null;
  approvals: number;
  status: string;
  executed_amount: string | null;
}

export interface Collateral {
  chain_id: number;
  miner: string;
  position: { deposited: string; unbonding_requested: string; withdrawn: string; slashed: string; held: string };
  slashes: Slash[];
  frozen_until: number | null;
}

export class Api {
  constructor(private readonly base: string) {}

  url(path: string): string {
    return `${this.base.replace(/\/$/, "")}${path}`;
  }

  async get<T>(path: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url(path));
    } catch (e) {
      throw new ApiError(0, `the indexer API is unreachable: ${(e as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = JSON.parse(text).error.message ?? text;
      } catch {
        // Not the API's JSON error: show the body as it is.
      }
      throw new ApiError(response.status, message);
    }
    return JSON.parse(text) as T;
  }

  chains = () => this.get<{ items: ChainStatus[] }>("/v1/chains").then((c) => c.items);
  videos = (chainId: number, filter = "") => this.get<Page<Video>>(`/v1/videos?chain_id=${chainId}&limit=48${filter}`);
  video = (chainId: number, id: string) => this.get<VideoDetail>(`/v1/videos/${chainId}/${id}`);
  rounds = (chainId: number) => this.get<Page<Round>>(`/v1/rounds?chain_id=${chainId}&limit=50`);
  round = (chainId: number, id: string) => this.get<RoundDetail>(`/v1/rounds/${chainId}/${id}`);
  campaigns = (chainId: number, filter: string) => this.get<Page<Campaign>>(`/v1/campaigns?chain_id=${chainId}&limit=100${filter}`);
  revenue = (chainId: number, account: string) =>
    this.get<{ videos: Revenue[]; next_cursor: string | null }>(`/v1/accounts/${chainId}/${account}/revenue?limit=100`);
  collateral = (chainId: number, miner: string) => this.get<Collateral>(`/v1/collateral/${chainId}/${miner}`);
  slashes = (chainId: number, status: string) => this.get<Page<Slash>>(`/v1/slashes?chain_id=${chainId}&status=${status}&limit=100`);
}
