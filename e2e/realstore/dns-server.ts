// A DNS server on 127.0.0.1 that answers TXT queries from a table and NXDOMAIN to everything
// else: the custom domains' proof, as an owner's DNS provider would publish it. RFC 1035 framing,
// one question per query, no compression in questions (what resolvers send).
import { createSocket, type Socket } from "node:dgram";

export class TxtDnsServer {
  readonly records = new Map<string, string>();
  private socket: Socket | null = null;

  async start(port: number): Promise<void> {
    const socket = createSocket("udp4");
    socket.on("message", (query, peer) => {
      const answer = this.answer(query);
      if (answer) socket.send(answer, peer.port, peer.address);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, "127.0.0.1", () => resolve());
    });
    this.socket = socket;
  }

  stop(): void {
    this.socket?.close();
    this.socket = null;
  }

  private answer(query: Buffer): Buffer | null {
    if (query.length < 12 || query.readUInt16BE(4) !== 1) return null;
    const labels: string[] = [];
    let at = 12;
    while (at < query.length && query[at] !== 0) {
      const length = query[at]!;
      labels.push(query.subarray(at + 1, at + 1 + length).toString("ascii"));
      at += 1 + length;
    }
    const questionEnd = at + 5; // the zero label, QTYPE, QCLASS
    if (questionEnd > query.length) return null;
    const type = query.readUInt16BE(at + 1);
    const value = type === 16 ? this.records.get(labels.join(".").toLowerCase()) : undefined;
    const header = Buffer.from(query.subarray(0, 12));
    header.writeUInt16BE(0x8400 | (value === undefined ? 3 : 0) | (query.readUInt16BE(2) & 0x0100), 2); // response, authoritative, RD copied, NXDOMAIN or not
    header.writeUInt16BE(value === undefined ? 0 : 1, 6); // answers
    header.writeUInt16BE(0, 8);
    header.writeUInt16BE(0, 10);
    const question = query.subarray(12, questionEnd);
    if (value === undefined) return Buffer.concat([header, question]);
    const text = Buffer.from(value, "utf8");
    const rdata = Buffer.concat([Buffer.from([text.length]), text]);
    const record = Buffer.alloc(12);
    record.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    record.writeUInt16BE(16, 2); // TXT
    record.writeUInt16BE(1, 4); // IN
    record.writeUInt32BE(60, 6); // TTL
    record.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([header, question, record, rdata]);
  }
}
