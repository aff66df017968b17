use crate::{Error, Result};
use alloy::signers::local::PrivateKeySigner;
use tfx_core::SignerConfig;

/// Parses a hex private key (with or without `0x`).
pub fn signer_from_hex(hex: &str) -> Result<PrivateKeySigner> {
    hex.trim().parse::<PrivateKeySigner>().map_err(|e| Error::Signer(format!("invalid private key: {e}")))
}

/// Loads the key a [`SignerConfig`] names: a keystore file (password from its variable) when set,
/// else the hex key in its environment variable. Never reads a key from a command-line argument,
/// so keys stay out of shell history and process lists.
pub fn load_signer(cfg: &SignerConfig) -> Result<PrivateKeySigner> {
    if let Some(path) = &cfg.keystore {
        let password = std::env::var(&cfg.password_env)
            .map_err(|_| Error::Signer(format!("keystore {path} needs its password in ${}", cfg.password_env)))?;
        return PrivateKeySigner::decrypt_keystore(path, password)
            .map_err(|e| Error::Signer(format!("keystore {path}: {e}")));
    }
    let hex = std::env::var(&cfg.private_key_env).map_err(|_| {
        Error::Signer(format!("no key: set ${} to a hex private key, or use a keystore", cfg.private_key_env))
    })?;
    signer_from_hex(&hex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_key_names_the_variable() {
        let cfg = SignerConfig { private_key_env: "TFX_TEST_SURELY_UNSET_KEY".into(), ..SignerConfig::default() };
        let err = load_signer(&cfg).expect_err("no key").to_string();
        assert!(err.contains("TFX_TEST_SURELY_UNSET_KEY"), "{err}");
    }

    #[test]
    fn bad_hex_is_rejected() {
        assert!(signer_from_hex("0x1234").is_err());
        assert!(signer_from_hex("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80").is_ok());
    }
}
