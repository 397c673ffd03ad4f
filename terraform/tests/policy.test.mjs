// Runs every invariant of lib/checks.mjs against the Terraform files as they are.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checks } from './lib/checks.mjs';
import { loadTerraform } from './lib/terraform.mjs';

const tf = await loadTerraform();

for (const check of checks) {
  test(check.name, () => {
    assert.deepEqual(check.run(tf), []);
  });
}
