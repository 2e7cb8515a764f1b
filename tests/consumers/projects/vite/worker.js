import * as ep from "entitlement-policy";
import { probe } from "./probe.mjs";

probe(ep).then(
  (answer) => self.postMessage({ answer }),
  (error) => self.postMessage({ error: String(error?.stack ?? error) }),
);
