// The products inventory seeds into an empty database, so a fresh shop has something to sell. Stocks are deep
// enough for a day of generated traffic; the limited edition is meant to run out (409 on a larger order).
import type { Product } from '../shared/domain.js';

export const SEED_PRODUCTS: readonly Product[] = [
  {
    id: 'sku-teapot',
    name: 'Cast-iron teapot',
    description: 'Holds 1.2 l; keeps tea hot for an hour.',
    priceCents: 4_500,
    stock: 50_000,
  },
  {
    id: 'sku-mug',
    name: 'Stoneware mug',
    description: 'Hand-glazed, 350 ml.',
    priceCents: 1_200,
    stock: 200_000,
  },
  {
    id: 'sku-kettle',
    name: 'Gooseneck kettle',
    description: 'Temperature control to the degree.',
    priceCents: 8_900,
    stock: 30_000,
  },
  {
    id: 'sku-grinder',
    name: 'Burr grinder',
    description: 'Forty grind settings, conical burrs.',
    priceCents: 12_900,
    stock: 15_000,
  },
  {
    id: 'sku-beans',
    name: 'Single-origin beans',
    description: '250 g, roasted this week.',
    priceCents: 1_600,
    stock: 500_000,
  },
  {
    id: 'sku-scale',
    name: 'Brew scale',
    description: '0.1 g resolution with a timer.',
    priceCents: 3_900,
    stock: 40_000,
  },
  {
    id: 'sku-rare',
    name: 'Limited-edition cup',
    description: 'Only a few were ever made.',
    priceCents: 25_000,
    stock: 3,
  },
];
