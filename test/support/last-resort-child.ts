import { installLastResort } from '../../src/app/last-resort.js';
import { createLogger } from '../../src/logging/logger.js';

// Throws `count` errors nobody catches (half in callbacks, half as unawaited rejections), then says it lives.
const count = Number(process.argv[2] ?? '3');
installLastResort(createLogger({ level: 'error', stream: process.stderr }));
for (let i = 0; i < count; i++) {
  if (i % 2 === 0) {
    setTimeout(() => {
      throw new Error(`thrown in a callback ${i}`);
    }, 10);
  } else {
    void Promise.reject(new Error(`rejected ${i}`));
  }
}
setTimeout(() => {
  process.stdout.write('alive\n');
  process.exit(0);
}, 300);
