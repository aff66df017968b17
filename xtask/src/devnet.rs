pub(crate) fn up(_root: &std::path::Path, _demo: bool, _exit: bool) -> anyhow::Result<()> { Ok(()) }
