import { normalisePostcode, postcodeDistrict } from './postcode';

describe('postcodes', () => {
  it('writes postcodes the standard way', () => {
    expect(normalisePostcode('bs15tr')).toBe('BS1 5TR');
    expect(normalisePostcode(' ec1a  1bb ')).toBe('EC1A 1BB');
    expect(normalisePostcode('CF10 1EP')).toBe('CF10 1EP');
    expect(normalisePostcode('not a postcode')).toBeUndefined();
    expect(normalisePostcode('BS1')).toBeUndefined();
  });

  it('finds the district', () => {
    expect(postcodeDistrict('bs1 5tr')).toBe('BS1');
    expect(postcodeDistrict('nope')).toBeUndefined();
  });
});
