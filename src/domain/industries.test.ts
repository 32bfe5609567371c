import { describe, expect, it } from 'vitest';
import { industryName, industrySection } from './industries.ts';

describe('industry codes', () => {
  it('names a DB07 code by its division and places it in its section', () => {
    expect(industryName('871000', 'DB07')).toBe('Plejeinstitutioner');
    expect(industrySection('871000', 'DB07')).toEqual({ letter: 'Q', name: 'Sundhed og socialvæsen' });
    expect(industrySection('620100', 'DB07')?.letter).toBe('J');
  });

  it('moves the letters from J on in DB25, where IT got a section of its own', () => {
    expect(industrySection('620100', 'DB25')).toEqual({ letter: 'K', name: 'Telekommunikation, IT og informationstjenester' });
    expect(industrySection('871000', 'DB25')?.letter).toBe('R');
    // No shipped division names for DB25: the section names the code until the official list is imported.
    expect(industryName('620100', 'DB25')).toBe('Telekommunikation, IT og informationstjenester');
  });

  it('prefers an imported name for the exact code', () => {
    expect(industryName('871000', 'DB07', new Map([['871000', 'Plejehjem']]))).toBe('Plejehjem');
  });

  it('knows no name for what is not an industry code', () => {
    expect(industryName('04', 'DB07')).toBeNull(); // division 04 does not exist
    expect(industryName('12a', 'DB07')).toBeNull();
    expect(industrySection('1', 'DB07')).toBeNull();
  });
});
