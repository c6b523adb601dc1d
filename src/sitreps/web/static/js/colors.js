// Event type colours: the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies).
export const TYPE_COLORS = {
  "Battles": "#D55E00",
  "Explosions/Remote violence": "#E69F00",
  "Violence against civilians": "#CC79A7",
  "Protests": "#0072B2",
  "Riots": "#009E73",
  "Strategic developments": "#56B4E9",
  "Other": "#6b6b6b",
};
export const TYPE_ORDER = Object.keys(TYPE_COLORS);
export const colorOf = (t) => TYPE_COLORS[t] || TYPE_COLORS.Other;
