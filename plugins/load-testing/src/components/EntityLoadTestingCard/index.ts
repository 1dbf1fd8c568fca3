export { EntityLoadTestingCard, cardFigures } from './EntityLoadTestingCard';
