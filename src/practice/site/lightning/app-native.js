import"./lightning.js";
