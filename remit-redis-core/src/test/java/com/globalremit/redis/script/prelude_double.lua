local function double(x) return 2 * tonumber(x) end
