import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// vitest runs from sdks/ (see vitest.config.mjs); import.meta.url is not a file URL under jsdom
const schemaPath = resolve(process.cwd(), '../docs/protocol/event-v1.schema.json');
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

/** Asserts a sent body conforms to the repo's protocol schema (the server's parser agrees with it). */
export function expectValidPayload(body: string): void {
  const payload = JSON.parse(body);
  if (!validate(payload)) {
    throw new Error('payload does not match event-v1.schema.json: ' + JSON.stringify(validate.errors) + '\n' + body);
  }
}
