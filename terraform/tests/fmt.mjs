// `npm run fmt`: rewrites every .tf file under terraform/ in place the way `terraform fmt` would (no terraform binary
// here: lib/format.mjs does terraform fmt's own rewrites and @cdktf/hcl-tools runs HashiCorp's formatter as wasm).
// The check "every .tf file is formatted" fails until this has been run.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { FORMATTED, formatText } from './lib/format.mjs';
import { TERRAFORM_ROOT, terraformFiles } from './lib/terraform.mjs';

let changed = 0;
for (const path of terraformFiles().filter((file) => FORMATTED.test(file))) {
  const text = readFileSync(path, 'utf8');
  const { formatted, error } = await formatText(text);
  if (error) {
    console.error(`${relative(TERRAFORM_ROOT, path)}: ${error}`);
    process.exitCode = 1;
  } else if (formatted !== text) {
    writeFileSync(path, formatted);
    console.log(`formatted ${relative(TERRAFORM_ROOT, path)}`);
    changed += 1;
  }
}
console.log(`${changed} file(s) rewritten`);
