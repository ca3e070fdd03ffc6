import { createConnection } from 'mysql2/promise';

export default async function globalTeardown(): Promise<void> {
  const name = process.env.LINLI_TEST_DATABASE;
  if (!name || !/^test_\d+_[0-9a-f]+$/.test(name)) return;
  const server = process.env.TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306';
  const connection = await createConnection({ uri: `${server}/` });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}
