/** `npm run contract`: writes web/js/order-contract.js from the server's order schema. */
import { writeFileSync } from 'node:fs';
import { BROWSER_CONTRACT_PATH, browserContractSource } from '#shared/domain/browser-contract.ts';

writeFileSync(new URL(`../${BROWSER_CONTRACT_PATH}`, import.meta.url), browserContractSource());
console.log(`wrote ${BROWSER_CONTRACT_PATH}`);
