// The products inventory seeds into an empty database, so a fresh shop has something to sell.
import type { Product } from '../shared/domain.js';

export const SEED_PRODUCTS: readonly Product[] = [
  {
    id: 'sku-teapot',
    name: 'Cast-iron teapot',
    description: 'Holds 1.2 l; keeps tea hot for an hour.',
    priceCents: 4_500,
    stock: 500,
  },
  {
    id: 'sku-mug',
    name: 'Stoneware mug',
    description: 'Hand-glazed, 350 ml.',
    priceCents: 1_200,
    stock: 2_000,
  },
  {
    id: 'sku-kettle',
    name: 'Gooseneck kettle',
    description: 'Temperature control to the degree.',
    priceCents: 8_900,
    stock: 300,
  },
  {
    id: 'sku-grinder',
    name: 'Burr grinder',
    description: 'Forty grind settings, conical burrs.',
    priceCents: 12_900,
    stock: 150,
  },
  {
    id: 'sku-beans',
    name: 'Single-origin beans',
    description: '250 g, roasted this week.',
    priceCents: 1_600,
    stock: 5_000,
  },
  {
    id: 'sku-scale',
    name: 'Brew scale',
    description: '0.1 g resolution with a timer.',
    priceCents: 3_900,
    stock: 400,
  },
  {
    id: 'sku-rare',
    name: 'Limited-edition cup',
    description: 'Only a few were ever made.',
    priceCents: 25_000,
    stock: 3,
  },
];
