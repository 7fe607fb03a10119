import { run } from './action/main.js'
import { keepYoungGenerationSmall } from './bundle/memory.js'

keepYoungGenerationSmall()
void run()
