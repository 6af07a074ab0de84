"""The language server: `checker lsp` (pygls, installed with the `lsp` extra). `convert` turns
findings into diagnostics, hovers and quick fixes; `server` keeps a warm workspace and talks
to the editor."""
