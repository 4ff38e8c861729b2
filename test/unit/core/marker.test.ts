import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { appendMarker, formatMarker, scanMarkers, type Marker } from '../../../src/core/marker';

describe('core/marker', () => {
  const id = randomUUID();

  it('round-trips an ask marker appended to a body', () => {
    const marker: Marker = { v: 1, kind: 'ask', id, topic: 'testing' };
    const body = appendMarker('I am stuck on this loop — what do you think?\n', marker);
    assert.ok(body.startsWith('I am stuck on this loop'));
    assert.ok(body.endsWith('-->'));
    assert.deepEqual(scanMarkers(body), { markers: [marker], warnings: [] });
    assert.ok(body.includes(`"id":"${id}"`), 'the id stays readable');
  });

  it('keeps a hostile topic inside the HTML comment', () => {
    const topic = '--> <script>alert(1)</script> <!-- ---- --!>';
    const text = formatMarker({ v: 1, kind: 'lesson', id, topic });
    assert.equal(text.indexOf('-->'), text.length - 3, 'the comment must close only at its end');
    assert.ok(!text.slice(0, -3).includes('<script'));
    assert.deepEqual(scanMarkers(text).markers, [{ v: 1, kind: 'lesson', id, topic }]);
  });

  it('reports malformed markers as warnings instead of throwing', () => {
    const body = [
      '<!-- mutual-mentor {not json} -->',
      '<!-- mutual-mentor {"v":2,"kind":"ask","id":"' + id + '"} -->',
      '<!-- mutual-mentor {"v":1,"kind":"bribe","id":"' + id + '"} -->',
      '<!-- mutual-mentor {"v":1,"kind":"ask","id":"42"} -->',
      '<!-- mutual-mentor {"v":1,"kind":"ask","id":"' + id + '","topic":7} -->',
      '<!-- mutual-mentor [1,2] -->',
    ].join('\n');
    const scan = scanMarkers(body);
    assert.equal(scan.markers.length, 0);
    assert.equal(scan.warnings.length, 6);
    assert.match(scan.warnings[0] ?? '', /not valid JSON/);
    assert.match(scan.warnings[1] ?? '', /unsupported version 2/);
  });

  it('finds no marker in ordinary markdown', () => {
    assert.deepEqual(scanMarkers('<!-- a normal comment -->\nLooks good to me'), { markers: [], warnings: [] });
  });
});
