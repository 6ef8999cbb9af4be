import { isValidDeaNumber, isValidNpi } from './practitioner-identifiers';

describe('practitioner identifiers', () => {
  it.each(['1234567893', '1245319599', '1003000126'])('accepts the NPI %s', (npi) => {
    expect(isValidNpi(npi)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '1234567890'],
    ['nine digits', '123456789'],
    ['letters', '12345678a3'],
    ['a space', '123456789 3'],
  ])('refuses an NPI with %s', (_, npi) => {
    expect(isValidNpi(npi)).toBe(false);
  });

  it.each(['AB1234563', 'BJ6125341', 'M91234563', 'FR4123458'])('accepts the DEA number %s', (number) => {
    expect(isValidDeaNumber(number)).toBe(true);
  });

  it.each([
    ['a wrong check digit', 'AB1234564'],
    ['an unknown registrant type', 'QB1234563'],
    ['lower case', 'ab1234563'],
    ['too few digits', 'AB123456'],
  ])('refuses a DEA number with %s', (_, number) => {
    expect(isValidDeaNumber(number)).toBe(false);
  });
});
