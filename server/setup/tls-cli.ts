import { parseArgs } from 'node:util';
import { initCommunityTls } from './community-tls.ts';
import { dataDirFromEnv } from './data-dir.ts';

const USAGE = `usage: npm run tls -- init [--name NAME]...

Makes a community CA in the data folder's tls/ (once; kept after) and a server certificate it
signs for loopback, this machine's name and each --name (DNS name or address gates use).`;

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { name: { type: 'string', multiple: true } },
});
if (positionals[0] !== 'init') {
  console.error(USAGE);
  process.exit(2);
}

const dataDir = dataDirFromEnv(process.env);
const { files, createdCa, names } = await initCommunityTls(dataDir, { names: values.name ?? [] });
console.log(createdCa ? `Made a community CA: ${files.caCert}` : `Kept the community CA: ${files.caCert}`);
console.log(`Server certificate for ${names.join(', ')}:`);
console.log(`  TLS_CERT=${files.serverCert}`);
console.log(`  TLS_KEY=${files.serverKey}`);
console.log(`A gate trusts this server with the CA file: copy ${files.caCert} to the gate and name it in gate.json.`);
console.log(`Keep ${files.caKey} private: whoever holds it can impersonate the server.`);
