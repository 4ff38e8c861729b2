import { tagScanCost } from './anchorsTagScan';
for (let i = 0; i < 3; i++) { const r = await tagScanCost(); console.log(JSON.stringify({ rg: Math.round(r.ripgrep!.ms), git: Math.round(r.gitGrep.ms), walk: Math.round(r.walk.ms), base: Math.round(r.baselineMs) })); }
