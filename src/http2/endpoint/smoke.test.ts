import { test, expect } from "vitest";
import { Http2Server } from "./server.js";
import { connectHttp2 } from "./client.js";
test("smoke", async () => {
  const server = new Http2Server({ onStream(stream) {
    const chunks: Uint8Array[] = [];
    stream.attach({ onData: (c) => chunks.push(c), onEnd: () => { stream.respond({":status": 200, "content-type":"text/plain"}, false); stream.end(Buffer.from("hello " + Buffer.concat(chunks).toString()), {"x-t": "1"}); }, onDrain(){}, onClose(){} });
  }});
  const port = await server.listen("127.0.0.1", 0);
  const c = connectHttp2({ origin: `http://127.0.0.1:${port}` });
  const got = await new Promise<string>((resolve, reject) => {
    let body = ""; let trailers: string[] = [];
    const s = c.connection.request({":method":"POST", ":path":"/x"}, { onResponse(h){ expect(h[1]).toBe("200"); }, onData(d){ body += Buffer.from(d).toString(); }, onTrailers(t){ trailers = t; }, onEnd(){ resolve(body + JSON.stringify(trailers)); }, onDrain(){}, onClose(code, err){ if (err) reject(err); } });
    s.end(Buffer.from("world"));
  });
  expect(got).toBe('hello world["x-t","1"]');
  c.connection.close();
  await server.shutdown();
});
