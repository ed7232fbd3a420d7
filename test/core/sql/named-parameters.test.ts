import { toPositionalParameters } from '../../../lambda-src/core/sql/named-parameters';

describe('toPositionalParameters', () => {
  test('numbers parameters in order of first use; a repeated name keeps its position', () => {
    expect(toPositionalParameters('select :b::int, :a, :b from t where x = :a_2')).toEqual({
      text: 'select $1::int, $2, $1 from t where x = $3',
      names: ['b', 'a', 'a_2'],
    });
  });

  test('leaves casts, quoted text, comments and dollar-quoted bodies alone', () => {
    const sql = [
      "select 'it''s :not' as \":also_not\", x::jsonb, :real",
      '-- a comment with :comment',
      '/* block :block */',
      'do $$ begin perform :inside; end $$',
      'select $tag$ :tagged $tag$, :last',
    ].join('\n');
    const { text, names } = toPositionalParameters(sql);
    expect(names).toEqual(['real', 'last']);
    expect(text).toContain("'it''s :not' as \":also_not\", x::jsonb, $1");
    expect(text).toContain('-- a comment with :comment');
    expect(text).toContain('perform :inside;');
    expect(text).toContain('$tag$ :tagged $tag$, $2');
  });

  test('renders parameters with the given function', () => {
    expect(toPositionalParameters('values (:x, :y, :x)', (n, name) => `($${n}::${name === 'x' ? 'varchar' : 'bigint'})`).text)
      .toBe('values (($1::varchar), ($2::bigint), ($1::varchar))');
  });
});
