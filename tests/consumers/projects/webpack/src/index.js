// A webpack bundle of a page that calls the package, with no configuration.
import * as ep from "entitlement-policy";
import { probe } from "./probe.mjs";

probe(ep).then(
  (page) => (window.__result = { page }),
  (error) => (window.__result = { error: String(error?.stack ?? error) }),
);
