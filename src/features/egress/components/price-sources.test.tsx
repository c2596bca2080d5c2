import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { egressPriceBook } from '../../../cloud/ops/egress';
import { PriceSources } from './price-sources';

describe('the price sources', () => {
  it('name the providers that bill per GB with a space before this cloud ("Oracle and Northlight", not "Oracle andNorthlight")', () => {
    render(<PriceSources book={egressPriceBook()} />);
    const section = screen.getByRole('region', { name: 'Prices, sources and conventions' });
    expect(section).toHaveTextContent('Google Cloud bills per GiB; AWS, Azure, Oracle and Northlight per GB.');
    expect(section.textContent).not.toMatch(/and\S*Northlight/);
  });
});
