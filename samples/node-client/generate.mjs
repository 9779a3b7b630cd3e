// Generates text with a LanguageInterpolation model from Node.js, through onnxruntime-node only, following
// docs/onnx-contract.md. onnxruntime's JavaScript API cannot read custom metadata, so everything comes from
// the JSON description that `li export` writes next to the model (model.onnx.json).
//
// Usage: node generate.mjs <model.onnx> [prompt] [length] [--json]
// Greedy: each step appends the most probable character (the lowest id among equals). With --json it prints
// {"prompt_ids": [...], "first_scores": [...], "text": "..."} instead of the prompt and its continuation.
import { readFile } from 'node:fs/promises';
import ort from 'onnxruntime-node';

const args = process.argv.slice(2).filter((arg) => arg !== '--json');
const asJson = process.argv.includes('--json');
const [modelPath, prompt = 'Who are you?', lengthText = '100'] = args;
const length = Number(lengthText);
if (!modelPath || !Number.isInteger(length) || length < 0) {
  console.error('Usage: node generate.mjs <model.onnx> [prompt] [length] [--json]');
  process.exit(2);
}

const contract = JSON.parse(await readFile(`${modelPath}.json`, 'utf8'));
if (contract.contract_version !== 2) {
  console.error(`${modelPath}.json: contract version ${contract.contract_version}, this client reads version 2`);
  process.exit(2);
}
const characters = contract.vocabulary.characters; // id i is the UTF-16 code unit characters[i]
const windowSize = contract.window_size;
const idOf = new Map();
for (let id = 0; id < characters.length; id++) idOf.set(characters[id], id);

// Text to ids: line endings to LF; a vocabulary character is its id; another is replaced by its
// transliteration (zero or more vocabulary characters), else becomes unknown_id, or is dropped without one.
function encode(text) {
  const normalized = text.replace(/\r\n/g, '\n').replace(/\r/g, '\n');
  const ids = [];
  for (let i = 0; i < normalized.length; i++) {
    const character = normalized[i];
    if (idOf.has(character)) {
      ids.push(idOf.get(character));
    } else if (Object.hasOwn(contract.transliteration, character)) {
      for (const replacement of contract.transliteration[character]) ids.push(idOf.get(replacement));
    } else if (contract.unknown_id !== null) {
      ids.push(contract.unknown_id);
    }
  }
  return ids;
}

const session = await ort.InferenceSession.create(modelPath);
const promptIds = encode(prompt);
// Prompts shorter than the window are padded on the left with the padding id (the space).
const history = [...Array(Math.max(0, windowSize - promptIds.length)).fill(contract.padding.id), ...promptIds];
let firstScores = null;
let text = '';
for (let step = 0; step < length; step++) {
  const window = BigInt64Array.from(history.slice(history.length - windowSize), (id) => BigInt(id));
  const { Score } = await session.run({ CharacterIds: new ort.Tensor('int64', window, [1, windowSize]) }, ['Score']);
  const scores = Score.data;
  firstScores ??= Array.from(scores);
  let next = 0;
  for (let id = 1; id < scores.length; id++) if (scores[id] > scores[next]) next = id;
  history.push(next);
  text += characters[next];
}

if (asJson) {
  process.stdout.write(`${JSON.stringify({ prompt_ids: promptIds, first_scores: firstScores, text })}\n`);
} else {
  process.stdout.write(`${prompt}${text}\n`);
}
