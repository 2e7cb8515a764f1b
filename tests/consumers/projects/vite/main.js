// A Vite app: the page and a module Web Worker both call the package, with no configuration.
import * as ep from "entitlement-policy";
import { probe } from "./probe.mjs";

async function inWorker() {
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  try {
    return await new Promise((resolve, reject) => {
      worker.onmessage = (event) => (event.data.error ? reject(new Error(event.data.error)) : resolve(event.data.answer));
      worker.onerror = (event) => reject(new Error(`worker: ${event.message}`));
    });
  } finally {
    worker.terminate();
  }
}

async function run() {
  try {
    return { page: await probe(ep), worker: await inWorker() };
  } catch (error) {
    return { error: String(error?.stack ?? error) };
  }
}

run().then((result) => {
  document.getElementById("result").textContent = JSON.stringify(result, null, 2);
  window.__result = result;
});
