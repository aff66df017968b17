//! Votes signed offline on Solana: the voter signs the vote's own transaction with a relayer as
//! its fee payer ([`sign_vote`]); the relayer checks that the transaction is only what it agreed
//! to pay for, then adds its signature ([`cosign_vote`]). The blockhash is the vote's deadline and
//! the ballot account stops a replay, so no nonce is needed.

use crate::{Error, Idl, Instruction, Keypair, Message, Pubkey, Transaction};
use serde_json::json;

/// `voter`'s vote for `candidate` in `round`, to be paid by `relayer`: VoteTally's `vote` in a
/// transaction whose fee payer is the relayer, signed by the voter alone, valid while
/// `blockhash` is recent.
pub fn sign_vote(
    votes: &Idl,
    voter: &Keypair,
    relayer: &Pubkey,
    round: u64,
    candidate: u32,
    blockhash: [u8; 32],
) -> Result<Transaction, Error> {
    let args = json!({ "round_id": round, "candidate": candidate });
    let ix = votes.instruction("vote", &args, &[("voter", voter.pubkey()), ("payer", *relayer)])?;
    Transaction::sign_partial(&Message::new(&[ix], relayer, blockhash)?, &[voter])
}

/// Adds `relayer`'s signature to a vote's transaction someone else built, once it is shown to be
/// only what a relayer agreed to pay for: the relayer is its fee payer; it carries VoteTally `vote`
/// instructions only, each naming the relayer as its payer and nowhere else (so it cannot be made
/// to sign a transfer of its own); every other signature is present and valid. Returns the
/// instructions too, to name a failing program's error.
pub fn cosign_vote(
    votes: &Idl,
    mut tx: Transaction,
    relayer: &Keypair,
) -> Result<(Transaction, Vec<Instruction>), Error> {
    let me = relayer.pubkey();
    let refuse = |why: String| Err(Error::Invalid(why));
    match tx.signers()?.first() {
        Some(payer) if *payer == me => {}
        Some(payer) => return refuse(format!("its fee payer is {payer}, not this relayer ({me})")),
        None => return refuse("it names no fee payer".into()),
    }
    let instructions = tx.instructions()?;
    if instructions.is_empty() {
        return refuse("it carries no instruction".into());
    }
    for ix in &instructions {
        let Some((name, accounts)) = votes.identify(ix) else {
            return refuse(format!("it carries an instruction of {} that is no vote", ix.program_id));
        };
        let ours: Vec<&str> = accounts.iter().filter(|(_, key)| *key == me).map(|(n, _)| *n).collect();
        if name != "vote" || ours != ["payer"] || ix.accounts.len() != accounts.len() {
            return refuse(format!(
                "it carries `{name}` naming this relayer as {ours:?}: only votes it pays for are relayed"
            ));
        }
    }
    tx.verify()?;
    if let Some(missing) = tx.unsigned().into_iter().find(|k| *k != me) {
        return refuse(format!("it lacks the signature of {missing}"));
    }
    tx.add_signature(relayer)?;
    Ok((tx, instructions))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AccountMeta;

    fn parties() -> (Idl, Keypair, Keypair) {
        (Idl::vote_tally(), Keypair::from_seed(&[1; 32]), Keypair::from_seed(&[2; 32]))
    }

    fn refused(result: Result<(Transaction, Vec<Instruction>), Error>) -> String {
        match result {
            Err(e) => e.to_string(),
            Ok(_) => panic!("co-signed"),
        }
    }

    #[test]
    fn the_relayer_completes_a_vote_signed_for_it() {
        let (votes, voter, relayer) = parties();
        let signed = sign_vote(&votes, &voter, &relayer.pubkey(), 3, 1, [7; 32]).expect("signed");
        assert_eq!(signed.unsigned(), vec![relayer.pubkey()], "the voter signed, the relayer's slot waits");
        let wire = Transaction::from_base64(&signed.to_base64()).expect("travels");
        let (done, instructions) = cosign_vote(&votes, wire, &relayer).expect("co-signed");
        assert!(done.unsigned().is_empty() && done.verify().is_ok());
        assert_eq!(votes.identify(&instructions[0]).map(|(name, _)| name), Some("vote"));
        let stranger = Keypair::from_seed(&[3; 32]);
        assert!(refused(cosign_vote(&votes, signed, &stranger)).contains("fee payer"));
    }

    #[test]
    fn anything_but_a_vote_it_pays_for_is_refused() {
        let (votes, voter, relayer) = parties();
        let me = relayer.pubkey();
        let unsigned = |ixs: &[Instruction], signers: &[&Keypair]| {
            Transaction::sign_partial(&Message::new(ixs, &me, [7; 32]).expect("message"), signers).expect("tx")
        };
        // A transfer of the relayer's own SOL, dressed as a vote file.
        let drain = Instruction {
            program_id: Pubkey::SYSTEM_PROGRAM,
            accounts: vec![
                AccountMeta { pubkey: me, is_signer: true, is_writable: true },
                AccountMeta { pubkey: voter.pubkey(), is_signer: false, is_writable: true },
            ],
            data: [2u32.to_le_bytes().as_slice(), &1_000_000u64.to_le_bytes()].concat(),
        };
        assert!(
            refused(cosign_vote(&votes, unsigned(std::slice::from_ref(&drain), &[]), &relayer)).contains("no vote")
        );
        let vote = |voter: &Pubkey, payer: &Pubkey| {
            let args = json!({ "round_id": 1, "candidate": 0 });
            votes.instruction("vote", &args, &[("voter", *voter), ("payer", *payer)]).expect("vote")
        };
        let ok = vote(&voter.pubkey(), &me);
        let with_drain = unsigned(&[ok.clone(), drain], &[&voter]);
        assert!(refused(cosign_vote(&votes, with_drain, &relayer)).contains("no vote"), "a vote and a transfer");
        let as_voter = unsigned(&[vote(&me, &me)], &[]);
        assert!(refused(cosign_vote(&votes, as_voter, &relayer)).contains("[\"voter\", \"payer\"]"));
        let finalize = votes.instruction("finalize", &json!({ "round_id": 1 }), &[]).expect("finalize");
        assert!(refused(cosign_vote(&votes, unsigned(&[finalize], &[]), &relayer)).contains("`finalize`"));
        let unsigned_vote = unsigned(std::slice::from_ref(&ok), &[]);
        assert!(refused(cosign_vote(&votes, unsigned_vote, &relayer)).contains("lacks the signature"));
        let mut forged = unsigned(std::slice::from_ref(&ok), &[&voter]).serialize();
        *forged.last_mut().expect("data") ^= 1;
        let forged = Transaction::deserialize(&forged).expect("parses");
        assert!(refused(cosign_vote(&votes, forged, &relayer)).contains("does not verify"));
    }
}
