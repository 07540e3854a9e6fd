import"./synthetic-shadow.js";import"./lightning.js";
