//! Pushes what the writer commits to pages as it happens. A trigger on `chains` notifies channel
//! [`CHANNEL`] with the chain id whenever a chain's indexed block moves (a commit or a reorg's
//! rollback); each API process listens once and fans the chain ids out to its open
//! server-sent-event streams, which re-read what they show and send it when it changed.

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use std::time::Duration;
use tokio::sync::broadcast;

/// The notification channel (`indexer/migrations/0010_indexed_notify.sql`).
pub(crate) const CHANNEL: &str = "tfx_indexed";
/// Sent to the streams when notifications may have been missed (the listener reconnected): every
/// stream re-reads.
pub(crate) const EVERY_CHAIN: i64 = -1;
/// How often a stream re-reads without a notification. An API process on a streaming replica gets
/// none (PostgreSQL does not replicate NOTIFY), so there a page lags by up to this much.
pub(crate) const FALLBACK: Duration = Duration::from_secs(2);

/// Forwards the writer's notifications to `tx` for as long as the process runs, reconnecting with
/// backoff when the database goes away.
pub(crate) async fn listen(pool: PgPool, tx: broadcast::Sender<i64>) {
    let mut delay = Duration::from_millis(100);
    loop {
        match subscribe(&pool).await {
            Ok(mut listener) => {
                delay = Duration::from_millis(100);
                let _ = tx.send(EVERY_CHAIN);
                loop {
                    match listener.try_recv().await {
                        Ok(Some(n)) => {
                            if let Ok(chain) = n.payload().parse() {
                                let _ = tx.send(chain);
                            }
                        }
                        // The connection dropped; the next call reconnects, and what was notified
                        // meanwhile is lost: every stream re-reads.
                        Ok(None) => {
                            let _ = tx.send(EVERY_CHAIN);
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "listening for indexed blocks failed, reconnecting");
                            break;
                        }
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, retry_in_ms = delay.as_millis() as u64, "cannot listen for indexed blocks")
            }
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

async fn subscribe(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}
