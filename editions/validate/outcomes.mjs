// What axe_pages.mjs and ace_epubs.mjs share: how they hand their outcomes to
// tools.node_outcomes (a JSON array in a file, never stdout, where the libraries they
// drive print what they like) and how an error becomes its one-line reason.
import { writeFileSync } from "node:fs";

// The first line that says something: some errors begin with a line break and spaces.
export function firstLine(text) {
  return String(text).split("\n").map((line) => line.trim()).find(Boolean) || "no message";
}

export function writeOutcomes(path, outcomes) {
  writeFileSync(path, JSON.stringify(outcomes));
}
