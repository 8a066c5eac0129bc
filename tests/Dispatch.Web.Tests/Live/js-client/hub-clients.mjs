// Clients of /hubs/dispatch on the official JavaScript SignalR client, one per user named on the command line, for
// JsClientSoakTests. Each signs in (POST /api/auth/token), connects with its token (sent as access_token), and prints
// one JSON line per event on stdout: connected, every batch of changes, a reload, a close. Given on stdin
// {"epoch", "until", "resumeFrom"}, each waits until it has seen a change numbered `until` or later, calls
// Resume(epoch, resumeFrom), prints what it got, and all stop.
// Usage: DISPATCH_PASSWORD=… node hub-clients.mjs <root url> <user>…
import { createInterface } from "node:readline";
import { HubConnectionBuilder, LogLevel } from "@microsoft/signalr";

const [root, ...users] = process.argv.slice(2);
const print = (event) => process.stdout.write(JSON.stringify(event) + "\n");
let stopping = false;

async function tokenOf(userName) {
  const response = await fetch(new URL("/api/auth/token", root), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userName, password: process.env.DISPATCH_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in as ${userName}: ${response.status} ${await response.text()}`);
  return (await response.json()).accessToken;
}

async function connect(user) {
  const token = await tokenOf(user);
  const connection = new HubConnectionBuilder()
    .withUrl(new URL("/hubs/dispatch", root).href, { accessTokenFactory: () => token })
    .configureLogging(LogLevel.Warning)
    .build();
  const client = { user, connection, last: 0, closed: false, waiting: null };
  connection.on("changes", (batch) => {
    const sequences = batch.messages.map((m) => m.sequence);
    print({ event: "changes", user, epoch: batch.epoch, sequences, kinds: batch.messages.map((m) => m.change.kind) });
    client.last = Math.max(client.last, ...sequences);
    client.waiting?.();
  });
  connection.on("reload", (catchUp) => print({ event: "reload", user, epoch: catchUp.epoch, sequence: catchUp.sequence }));
  connection.onclose((error) => {
    client.closed = true;
    client.waiting?.();
    if (!stopping) print({ event: "closed", user, error: error?.message ?? null });
  });
  await connection.start();
  print({ event: "connected", user });
  return client;
}

async function resume(client, { epoch, until, resumeFrom }) {
  // A closed connection waits no more: its Resume fails and says so.
  while (client.last < until && !client.closed) await new Promise((resolve) => (client.waiting = resolve));
  try {
    const catchUp = await client.connection.invoke("Resume", epoch, resumeFrom);
    print({
      event: "resumed", user: client.user, epoch: catchUp.epoch, sequence: catchUp.sequence,
      snapshotNeeded: catchUp.snapshotNeeded, sequences: catchUp.messages.map((m) => m.sequence),
    });
  } catch (error) {
    print({ event: "error", user: client.user, error: error.message });
  }
}

try {
  const clients = await Promise.all(users.map(connect));
  const lines = createInterface({ input: process.stdin });
  const request = JSON.parse(await new Promise((resolve) => lines.once("line", resolve)));
  await Promise.all(clients.map((client) => resume(client, request)));
  stopping = true;
  await Promise.all(clients.map((client) => client.connection.stop()));
  lines.close();
  print({ event: "done" });
} catch (error) {
  print({ event: "error", error: String(error) });
  process.exitCode = 1;
}
