import { createViewEnvironment, formatPence } from './view-environment';

describe('formatPence', () => {
  it('shows pounds, with pence only when there are some', () => {
    expect(formatPence(125050)).toBe('£1,250.50');
    expect(formatPence(125000)).toBe('£1,250');
    expect(formatPence('200000000')).toBe('£2,000,000');
  });
});

describe('view environment', () => {
  it('escapes values by default', () => {
    expect(createViewEnvironment().renderString('{{ x }}', { x: '<b>' })).toBe('&lt;b&gt;');
  });

  it('writes the tally’s decimal pounds as money, and nothing for no amount', () => {
    const env = createViewEnvironment();
    expect(env.renderString('{{ "999.5" | pounds }} {{ "76700" | pounds }} {{ "0.004" | pounds }}', {})).toBe('£999.50 £76,700 £0');
    expect(env.renderString('[{{ undefined | pounds }}]', {})).toBe('[]');
  });

  it('formats money with the pence filter', () => {
    expect(createViewEnvironment().renderString('{{ 5000000 | pence }}', {})).toBe('£50,000');
  });
});

describe('the day filter', () => {
  it('writes a calendar day as people do, in either language, and nothing for what is not one', () => {
    const env = createViewEnvironment();
    expect(env.renderString('{{ d | day("en") }}', { d: '2027-06-01' })).toBe('1 June 2027');
    expect(env.renderString('{{ d | day("cy") }}', { d: '2027-06-01' })).toBe('1 Mehefin 2027');
    expect(env.renderString('{{ d | day("en") }}', { d: 'soon' })).toBe('');
  });
});
