//! Backfill progress: an indicatif bar per chain on a terminal, a log line every few seconds
//! otherwise (CI logs, systemd).

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const LOG_EVERY: Duration = Duration::from_secs(5);

/// Progress of one chain's backfill.
#[derive(Debug)]
pub struct Progress {
    chain: String,
    bar: Option<ProgressBar>,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    from: u64,
    to: u64,
    events: u64,
    started: Instant,
    logged: Instant,
}

impl Progress {
    /// A reporter for `chain`, drawing into `bars` when stderr is a terminal.
    pub fn new(chain: &str, bars: &MultiProgress) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let style = ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} blocks {msg} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bars.add(ProgressBar::new(0).with_prefix(chain.to_string())).with_style(style)
        });
        let now = Instant::now();
        Self {
            chain: chain.into(),
            bar,
            state: Mutex::new(State { from: 0, to: 0, events: 0, started: now, logged: now }),
        }
    }

    /// A backfill of blocks `from..=to` begins.
    pub fn start(&self, from: u64, to: u64) {
        if let Ok(mut s) = self.state.lock() {
            *s = State { from, to, events: 0, started: Instant::now(), logged: Instant::now() };
        }
        if let Some(bar) = &self.bar {
            bar.set_length(to - from + 1);
            bar.set_position(0);
            bar.reset_eta();
        }
    }

    /// Blocks up to `block` are committed, with `events` more events.
    pub fn advance(&self, block: u64, events: usize) {
        let Ok(mut s) = self.state.lock() else { return };
        s.events += events as u64;
        let rate = s.events as f64 / s.started.elapsed().as_secs_f64().max(1e-3);
        if let Some(bar) = &self.bar {
            bar.set_position(block + 1 - s.from);
            bar.set_message(format!("{} events, {rate:.0} events/s", s.events));
        } else if s.logged.elapsed() >= LOG_EVERY || block == s.to {
            s.logged = Instant::now();
            tracing::info!(chain = %self.chain, block, target = s.to, events = s.events, events_per_s = rate as u64, "backfill");
        }
    }

    /// The chain stopped.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
