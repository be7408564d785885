// The benchmark's baseline: a bare Socket.io broadcast server. No auth, no validation, no
// storage: a client names the rooms it is in, and whatever it sends to a room is emitted
// to that room. Prints "listening <port>".
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";

interface BaselineEvents {
  join: (rooms: string[], ack: () => void) => void;
  send: (message: { room: string; body: string }, ack: (ok: true) => void) => void;
}
interface BaselineOut {
  message: (message: { room: string; body: string }) => void;
}

const httpServer = createServer();
const io = new Server<BaselineEvents, BaselineOut>(httpServer, { serveClient: false });
io.on("connection", (socket) => {
  socket.on("join", (rooms, ack) => {
    void socket.join(rooms);
    ack();
  });
  socket.on("send", (message, ack) => {
    io.to(message.room).emit("message", message);
    ack(true);
  });
});
httpServer.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`listening ${(httpServer.address() as AddressInfo).port}\n`);
});
