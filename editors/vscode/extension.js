// VS Code client for the `checker lsp` language server (stdio).
// Plain CommonJS so the extension ships without a build step.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;
let watcher;

function createClient() {
  // Read settings on every (re)start so `checker.restart` picks up changes.
  const configured = vscode.workspace.getConfiguration('checker').get('command');
  const [command, ...args] = configured && configured.length ? configured : ['checker', 'lsp'];
  const folder = vscode.workspace.workspaceFolders?.[0];

  // The server has no separate debug mode, so run and debug are the same.
  // cwd is the workspace so a relative command (.venv/bin/checker) resolves there.
  const run = {
    command,
    args,
    transport: TransportKind.stdio,
    options: folder ? { cwd: folder.uri.fsPath } : {},
  };

  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', language: 'plaintext' },
    ],
    // Reference sets (YAML) and articles change on disk outside the editor;
    // the server re-checks on workspace/didChangeWatchedFiles.
    synchronize: { fileEvents: watcher },
  };

  // The id 'checker' makes the client honour the `checker.trace.server` setting.
  return new LanguageClient('checker', 'Checker', { run, debug: run }, clientOptions);
}

async function startClient() {
  client = createClient();
  try {
    await client.start();
  } catch {
    // The client has already logged the cause to its output channel; add the usual fix.
    vscode.window.showErrorMessage(
      'Checker: the language server did not start. Point the `checker.command` setting ' +
        'at your checker executable, then run "Checker: Restart language server".'
    );
  }
}

async function stopClient() {
  // stop() rejects when the client never got running (e.g. a bad command); nothing to clean up then.
  if (client) await client.dispose().catch(() => {});
  client = undefined;
}

async function activate(context) {
  // One watcher for the extension's lifetime: the client only listens to it, it never disposes it.
  watcher = vscode.workspace.createFileSystemWatcher('**/*.{yml,yaml,md,markdown,txt}');
  context.subscriptions.push(
    watcher,
    vscode.commands.registerCommand('checker.restart', async () => {
      await stopClient();
      await startClient();
    })
  );
  // Not awaited: activation need not wait for the server's initialize round trip.
  startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
